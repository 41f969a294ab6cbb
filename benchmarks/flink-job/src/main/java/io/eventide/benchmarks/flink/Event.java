package io.eventide.benchmarks.flink;

/**
 * One line of the benchmark file: the id of its target address (the key) and its event time. A
 * Flink POJO (public fields, no-argument constructor) so that it crosses {@code keyBy} with Flink's
 * own serializer rather than Kryo.
 */
public final class Event {
  /** The id of {@code ns/type/id}: the key of the window. */
  public String key;

  /** Epoch milliseconds. */
  public long eventTime;

  public Event() {}

  Event(String key, long eventTime) {
    this.key = key;
    this.eventTime = eventTime;
  }

  @Override
  public String toString() {
    return key + "@" + eventTime;
  }
}
