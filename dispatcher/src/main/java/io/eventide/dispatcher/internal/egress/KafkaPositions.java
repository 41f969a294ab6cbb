package io.eventide.dispatcher.internal.egress;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per partition of an egress's topic, the Kafka offset from which records of this egress may be
 * found that the store does not know as delivered: the offset after this sink's last committed
 * transaction in that partition, or a later offset already read. It is the Kafka sink's {@code
 * sinkState}, recorded in the same store transaction as the outbox offset delivered with it.
 *
 * <p>Encoded as a version byte, a count and (partition, offset) pairs, so that a stored position
 * stays readable if the format ever grows.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable.
 */
final class KafkaPositions {
  private static final byte VERSION = 1;

  private final Map<Integer, Long> next;

  private KafkaPositions(Map<Integer, Long> next) {
    this.next = next;
  }

  static KafkaPositions empty() {
    return new KafkaPositions(Map.of());
  }

  static KafkaPositions of(Map<Integer, Long> next) {
    return new KafkaPositions(Map.copyOf(next));
  }

  /** Reads a stored state; null or empty is a sink that never recorded a delivery. */
  static KafkaPositions decode(byte[] state) {
    if (state == null || state.length == 0) {
      return empty();
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(state);
      byte version = in.get();
      if (version != VERSION) {
        throw new IllegalArgumentException("kafka sink state version " + version + " is unknown");
      }
      int count = in.getInt();
      if (count < 0 || count > in.remaining() / 12) {
        throw new IllegalArgumentException("kafka sink state holds a bad count " + count);
      }
      Map<Integer, Long> next = new TreeMap<>();
      for (int i = 0; i < count; i++) {
        next.put(in.getInt(), in.getLong());
      }
      return new KafkaPositions(next);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException(
          "kafka sink state of " + state.length + " bytes is cut", e);
    }
  }

  byte[] encode() {
    ByteBuffer out = ByteBuffer.allocate(1 + 4 + 12 * next.size());
    out.put(VERSION).putInt(next.size());
    new TreeMap<>(next)
        .forEach(
            (partition, offset) -> {
              out.putInt(partition);
              out.putLong(offset);
            });
    return out.array();
  }

  /** Where to start reading {@code partition}; absent when this sink knows nothing of it. */
  Long next(int partition) {
    return next.get(partition);
  }

  /** These positions moved forward to {@code later} where it is ahead (never backward). */
  KafkaPositions advancedTo(Map<Integer, Long> later) {
    Map<Integer, Long> merged = new TreeMap<>(next);
    later.forEach((partition, offset) -> merged.merge(partition, offset, Math::max));
    return new KafkaPositions(merged);
  }

  Map<Integer, Long> asMap() {
    return next;
  }

  @Override
  public String toString() {
    return "KafkaPositions" + new TreeMap<>(next);
  }
}
