package io.eventide.dispatcher.api;

/**
 * The answer to a durable send.
 *
 * @param messageId the message's id (the first one's, for a repeated idempotency key)
 * @param duplicate true when the idempotency key had been seen and nothing new was enqueued
 */
public record SendReceipt(String messageId, boolean duplicate) {}
