package io.eventide.sdk.cep;

/**
 * The event being processed (Flink's {@code EventWrapper}): put into the shared buffer only when a
 * run first takes it, so ids count taken events only, and released once processed.
 *
 * @param <T> the event type
 */
final class NfaEvent<T> {
  private final T value;
  private final byte[] payload;
  private final long timestamp;
  private final SharedBuffer<T> buffer;
  private EventId id;

  NfaEvent(T value, byte[] payload, long timestamp, SharedBuffer<T> buffer) {
    this.value = value;
    this.payload = payload;
    this.timestamp = timestamp;
    this.buffer = buffer;
  }

  T value() {
    return value;
  }

  long timestamp() {
    return timestamp;
  }

  EventId id() {
    if (id == null) {
      id = buffer.registerEvent(value, payload, timestamp);
    }
    return id;
  }

  /** Drops the event's own hold on its buffer entry; the nodes that took it keep theirs. */
  void release() {
    if (id != null) {
      buffer.releaseEvent(id);
    }
  }
}
