package io.eventide.dispatcher.api;

/** One record of a log egress, with its offset in that egress. */
public record EgressRecord(long offset, String contentType, byte[] payload, long eventTime) {}
