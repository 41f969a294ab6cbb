package io.eventide.sdk.cep;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which partial matches are dropped after a match, as Flink CEP's strategy of the same name: {@link
 * #noSkip} keeps all, {@link #skipToNext} drops those starting with the match's first event, {@link
 * #skipPastLastEvent} those starting at or before its last, {@link #skipToFirst} and {@link
 * #skipToLast} those starting before the first or last event of the named step. With any but {@link
 * #noSkip}, a match is held back until no partial match that started earlier can still complete, so
 * that matches come out in the order of their first events.
 *
 * <pre>{@code
 * Pattern<String> pattern =
 *     Pattern.<String>begin("a", AfterMatchSkipStrategy.skipToFirst("b"))
 *         .followedBy("b").oneOrMore();
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Immutable.
 */
public final class AfterMatchSkipStrategy {
  private enum Kind {
    NO_SKIP,
    SKIP_TO_NEXT,
    SKIP_PAST_LAST_EVENT,
    SKIP_TO_FIRST,
    SKIP_TO_LAST
  }

  private static final AfterMatchSkipStrategy NO_SKIP =
      new AfterMatchSkipStrategy(Kind.NO_SKIP, null);
  private static final AfterMatchSkipStrategy NEXT =
      new AfterMatchSkipStrategy(Kind.SKIP_TO_NEXT, null);
  private static final AfterMatchSkipStrategy PAST_LAST =
      new AfterMatchSkipStrategy(Kind.SKIP_PAST_LAST_EVENT, null);

  private final Kind kind;
  private final String patternName;

  private AfterMatchSkipStrategy(Kind kind, String patternName) {
    this.kind = kind;
    this.patternName = patternName;
  }

  /** Every match is emitted, whatever it shares with others. */
  public static AfterMatchSkipStrategy noSkip() {
    return NO_SKIP;
  }

  /** Drops the partial matches that started with the match's first event. */
  public static AfterMatchSkipStrategy skipToNext() {
    return NEXT;
  }

  /** Drops the partial matches that started at or before the match's last event. */
  public static AfterMatchSkipStrategy skipPastLastEvent() {
    return PAST_LAST;
  }

  /** Drops the partial matches that started before the first event of step {@code name}. */
  public static AfterMatchSkipStrategy skipToFirst(String name) {
    return new AfterMatchSkipStrategy(Kind.SKIP_TO_FIRST, Objects.requireNonNull(name, "name"));
  }

  /** Drops the partial matches that started before the last event of step {@code name}. */
  public static AfterMatchSkipStrategy skipToLast(String name) {
    return new AfterMatchSkipStrategy(Kind.SKIP_TO_LAST, Objects.requireNonNull(name, "name"));
  }

  /** The step a {@code skipToFirst} or {@code skipToLast} refers to, else null. */
  String patternName() {
    return patternName;
  }

  boolean isSkip() {
    return kind != Kind.NO_SKIP;
  }

  /** Drops from {@code runs} the ones this strategy prunes after a match of {@code paths}. */
  void prune(
      Collection<Computation> runs,
      List<Map<String, List<EventId>>> paths,
      SharedBuffer<?> buffer) {
    if (!isSkip()) {
      return;
    }
    EventId pruningId = pruningId(paths);
    if (pruningId == null) {
      return;
    }
    List<Computation> discarded = new ArrayList<>();
    for (Computation run : runs) {
      if (run.startEvent() != null && shouldPrune(run.startEvent(), pruningId)) {
        buffer.releaseNode(run.previous(), run.version());
        discarded.add(run);
      }
    }
    runs.removeAll(discarded);
  }

  private boolean shouldPrune(EventId start, EventId pruningId) {
    int order = start.compareTo(pruningId);
    return kind == Kind.SKIP_TO_FIRST || kind == Kind.SKIP_TO_LAST ? order < 0 : order <= 0;
  }

  private EventId pruningId(List<Map<String, List<EventId>>> paths) {
    EventId pruningId = null;
    for (Map<String, List<EventId>> path : paths) {
      switch (kind) {
        case SKIP_TO_NEXT -> {
          for (List<EventId> events : path.values()) {
            pruningId = EventId.min(pruningId, events.get(0));
          }
        }
        case SKIP_PAST_LAST_EVENT -> {
          for (List<EventId> events : path.values()) {
            pruningId = EventId.max(pruningId, events.get(events.size() - 1));
          }
        }
        default -> {
          List<EventId> events = path.get(patternName);
          if (events != null && !events.isEmpty()) {
            int index = kind == Kind.SKIP_TO_FIRST ? 0 : events.size() - 1;
            pruningId = EventId.max(pruningId, events.get(index));
          }
        }
      }
    }
    return pruningId;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AfterMatchSkipStrategy strategy
        && strategy.kind == kind
        && Objects.equals(strategy.patternName, patternName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, patternName);
  }

  @Override
  public String toString() {
    return patternName == null ? kind.name() : kind.name() + "(" + patternName + ")";
  }
}
