package io.eventide.parity;

/**
 * An event that arrived after all its windows were late, as both sides report it (Eventide's {@code
 * onLateMessage}, Flink's {@code sideOutputLateData}).
 *
 * @param key the event's key
 * @param timestamp its event time
 * @param value its payload
 */
public record LateRecord(String key, long timestamp, long value) {}
