package io.eventide.sdk.cep;

import java.util.Comparator;

/**
 * One partial match (Flink's {@code ComputationState}): the NFA state it waits in, its Dewey
 * version, the last node it took and the time and id of its first event. Equality is by all fields,
 * as Flink's, since pruning removes partial matches by equality.
 *
 * @param state the NFA state's name
 * @param previous the last taken node, null before the first take
 * @param version the run's Dewey version
 * @param startTimestamp the first event's timestamp, -1 before it
 * @param previousTimestamp the last taken event's timestamp, -1 before it
 * @param startEvent the first event, null before it
 */
record Computation(
    String state,
    NodeId previous,
    Dewey version,
    long startTimestamp,
    long previousTimestamp,
    EventId startEvent) {

  /** Flink's order of partial and completed matches: by first event, runs not started last. */
  static final Comparator<Computation> ORDER =
      Comparator.<Computation>comparingLong(
              c -> c.startEvent != null ? c.startEvent.timestamp() : Long.MAX_VALUE)
          .thenComparingInt(c -> c.startEvent != null ? c.startEvent.id() : Integer.MAX_VALUE);

  static Computation start(String state, Dewey version) {
    return new Computation(state, null, version, -1L, -1L, null);
  }
}
