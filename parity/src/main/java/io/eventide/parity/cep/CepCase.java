package io.eventide.parity.cep;

import java.util.ArrayList;
import java.util.List;

/**
 * A pattern written once as data and built for both engines ({@link EventidePatterns}, {@link
 * FlinkPatterns}), with the stream settings it runs under. Events are strings {@code key:kseq}: a
 * key, a one-letter kind and a sequence number; a step's condition is a set of kinds and the
 * operations in {@link Step#ops}.
 *
 * @param id the case's name
 * @param steps the steps, the first with connector {@code begin}
 * @param withinMillis the pattern's window, 0 for none
 * @param skip {@code noSkip}, {@code skipToNext}, {@code skipPastLastEvent}, {@code first:step} or
 *     {@code last:step}
 */
record CepCase(String id, List<Step> steps, long withinMillis, String skip) {
  /**
   * One step.
   *
   * @param connector {@code begin}, {@code next}, {@code followedBy}, {@code followedByAny}, {@code
   *     notNext} or {@code notFollowedBy}
   * @param name the step's name
   * @param kinds the kinds its condition takes
   * @param ops in order: {@code oneOrMore}, {@code times:n}, {@code times:n:m}, {@code
   *     timesOrMore:n}, {@code optional}, {@code greedy}, {@code consecutive}, {@code
   *     allowCombinations}, {@code within:millis}, {@code or:kinds}, {@code until:kinds}, {@code
   *     iter} (an iterative condition: the sequence numbers the step took so far sum to an even
   *     number)
   */
  record Step(String connector, String name, String kinds, List<String> ops) {}

  static Builder begin(String name, String kinds, String... ops) {
    return new Builder().step("begin", name, kinds, ops);
  }

  /** Builds a case step by step. */
  static final class Builder {
    private final List<Step> steps = new ArrayList<>();

    Builder step(String connector, String name, String kinds, String... ops) {
      steps.add(new Step(connector, name, kinds, List.of(ops)));
      return this;
    }

    Builder next(String name, String kinds, String... ops) {
      return step("next", name, kinds, ops);
    }

    Builder followedBy(String name, String kinds, String... ops) {
      return step("followedBy", name, kinds, ops);
    }

    Builder followedByAny(String name, String kinds, String... ops) {
      return step("followedByAny", name, kinds, ops);
    }

    Builder notNext(String name, String kinds) {
      return step("notNext", name, kinds);
    }

    Builder notFollowedBy(String name, String kinds) {
      return step("notFollowedBy", name, kinds);
    }

    CepCase build(String id, long withinMillis, String skip) {
      return new CepCase(id, List.copyOf(steps), withinMillis, skip);
    }
  }

  /** Whether {@code event} is of one of {@code kinds}. */
  static boolean isKind(String event, String kinds) {
    return kinds.indexOf(event.charAt(event.indexOf(':') + 1)) >= 0;
  }

  static int sequence(String event) {
    return Integer.parseInt(event.substring(event.indexOf(':') + 2));
  }

  static String key(String event) {
    return event.substring(0, event.indexOf(':'));
  }

  /** The iterative condition's rule over the events a step took so far. */
  static boolean evenSoFar(Iterable<String> taken) {
    int sum = 0;
    for (String event : taken) {
      sum += sequence(event);
    }
    return sum % 2 == 0;
  }

  /** A match as a line: {@code step=e1,e2 step=e3}, steps in the order given. */
  static String format(java.util.Map<String, List<String>> match) {
    StringBuilder text = new StringBuilder();
    match.forEach(
        (step, events) ->
            text.append(text.length() == 0 ? "" : " ")
                .append(step)
                .append('=')
                .append(String.join(",", events)));
    return text.toString();
  }
}
