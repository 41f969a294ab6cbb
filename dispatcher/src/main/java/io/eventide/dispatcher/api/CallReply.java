package io.eventide.dispatcher.api;

/**
 * The reply to a call; a handler that did not reply gives an empty payload and a null content type.
 */
public record CallReply(byte[] payload, String contentType) {}
