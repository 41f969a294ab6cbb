package io.eventide.store;

/** One entry of a range read. */
public record KeyValue(byte[] key, byte[] value) {}
