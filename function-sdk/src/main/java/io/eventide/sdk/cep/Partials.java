package io.eventide.sdk.cep;

import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * A key's runs (Flink's {@code NFAState}): its partial matches, the completed matches a skip
 * strategy holds back until no earlier partial match can end first, and the per-timestamp counts of
 * taken events. The queues are Java's {@link PriorityQueue}s, as Flink's, because their order among
 * runs of equal rank decides the order of matches; they are stored in their array order, which
 * adding back in that order restores exactly.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe: one per call of the pattern's function.
 */
final class Partials {
  PriorityQueue<Computation> partial = new PriorityQueue<>(Computation.ORDER);
  final PriorityQueue<Computation> completed = new PriorityQueue<>(Computation.ORDER);
  final TreeMap<Long, Integer> eventCounts = new TreeMap<>();
  boolean changed;
  boolean newStart;

  /** Whether only the start state is left, as in a key that has seen nothing. */
  boolean isIdle() {
    return partial.size() == 1 && completed.isEmpty();
  }
}
