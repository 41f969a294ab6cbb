package io.eventide.parity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares an expected outcome (Flink's) with an actual one (Eventide's): the same windows per key
 * must have fired, each with the same sequence of results in firing order, and each key must have
 * the same late records in the same order. Windows of different keys or windows may interleave
 * differently; nothing else may differ.
 */
final class OutcomeDiff {
  private static final int EXCERPT = 6;

  private OutcomeDiff() {}

  /** Human-readable differences, empty when the outcomes agree. */
  static List<String> differences(Outcome expected, Outcome actual) {
    List<String> differences = new ArrayList<>();
    Map<String, List<String>> expectedFirings = byWindow(expected.firings());
    Map<String, List<String>> actualFirings = byWindow(actual.firings());
    for (String window : union(expectedFirings.keySet(), actualFirings.keySet())) {
      List<String> want = expectedFirings.getOrDefault(window, List.of());
      List<String> got = actualFirings.getOrDefault(window, List.of());
      if (!want.equals(got)) {
        differences.add(describe("window " + window, want, got));
      }
    }
    Map<String, List<String>> expectedLate = byKey(expected.late());
    Map<String, List<String>> actualLate = byKey(actual.late());
    for (String key : union(expectedLate.keySet(), actualLate.keySet())) {
      List<String> want = expectedLate.getOrDefault(key, List.of());
      List<String> got = actualLate.getOrDefault(key, List.of());
      if (!want.equals(got)) {
        differences.add(describe("late records of " + key + " (timestamp=value)", want, got));
      }
    }
    return differences;
  }

  /** The first {@code limit} differences, one a line, and how many more there are. */
  static String summary(List<String> differences, int limit) {
    StringBuilder text = new StringBuilder();
    differences.stream().limit(limit).forEach(line -> text.append("  ").append(line).append('\n'));
    if (differences.size() > limit) {
      text.append("  ... and ").append(differences.size() - limit).append(" more\n");
    }
    return text.toString();
  }

  private static String describe(String what, List<String> want, List<String> got) {
    if (got.isEmpty()) {
      return what + ": missing, Flink has " + excerpt(want, 0);
    }
    if (want.isEmpty()) {
      return what + ": extra, Flink has none, Eventide has " + excerpt(got, 0);
    }
    int first = 0;
    while (first < want.size() && first < got.size() && want.get(first).equals(got.get(first))) {
      first++;
    }
    return what + ": Flink " + excerpt(want, first) + " vs Eventide " + excerpt(got, first);
  }

  /** Short lists whole; long ones as their size and a few items from just before {@code from}. */
  private static String excerpt(List<String> items, int from) {
    if (items.size() <= EXCERPT) {
      return items.toString();
    }
    int start = Math.max(0, Math.min(from - 1, items.size() - EXCERPT));
    List<String> shown = items.subList(start, start + EXCERPT);
    return items.size()
        + " items, #"
        + start
        + ".. "
        + (start > 0 ? "[..., " : "[")
        + String.join(", ", shown)
        + (start + EXCERPT < items.size() ? ", ...]" : "]");
  }

  private static Map<String, List<String>> byWindow(List<Outcome.Fired> firings) {
    Map<String, List<String>> byWindow = new LinkedHashMap<>();
    for (Outcome.Fired fired : firings) {
      byWindow.computeIfAbsent(fired.window(), any -> new ArrayList<>()).add(fired.result());
    }
    return byWindow;
  }

  private static Map<String, List<String>> byKey(List<LateRecord> late) {
    Map<String, List<String>> byKey = new LinkedHashMap<>();
    for (LateRecord record : late) {
      byKey
          .computeIfAbsent(record.key(), any -> new ArrayList<>())
          .add(record.timestamp() + "=" + record.value());
    }
    return byKey;
  }

  private static TreeSet<String> union(Iterable<String> a, Iterable<String> b) {
    TreeSet<String> all = new TreeSet<>();
    a.forEach(all::add);
    b.forEach(all::add);
    return all;
  }
}
