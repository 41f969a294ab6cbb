package io.eventide.parity;

/**
 * One generated event: sent to {@code parity/<case>/<key>} with event time {@code timestamp} and
 * the JSON integer {@code value} as payload; Flink's jobs read the same records.
 *
 * @param key the key
 * @param timestamp event time, epoch ms
 * @param value payload
 */
public record Event(String key, long timestamp, long value) {}
