package io.eventide.sdk.cep;

import java.util.Comparator;

/**
 * An event in the shared buffer: its timestamp and its number among the taken events of that
 * timestamp, which is arrival order, as Flink's {@code EventId}.
 */
record EventId(int id, long timestamp) implements Comparable<EventId> {
  static final Comparator<EventId> ORDER =
      Comparator.comparingLong(EventId::timestamp).thenComparingInt(EventId::id);

  @Override
  public int compareTo(EventId other) {
    return ORDER.compare(this, other);
  }

  /** The map-state key of this event. */
  String key() {
    return timestamp + "/" + id;
  }

  static EventId min(EventId a, EventId b) {
    if (a == null) {
      return b;
    }
    return b == null || a.compareTo(b) <= 0 ? a : b;
  }

  static EventId max(EventId a, EventId b) {
    if (a == null) {
      return b;
    }
    return b == null || a.compareTo(b) >= 0 ? a : b;
  }
}
