package io.eventide.dispatcher.api;

/**
 * A message that kept failing, kept until it is replayed or deleted ({@link DeadLetters}).
 *
 * @param messageId the message's id: what replay and delete name
 * @param target {@code namespace/type/id} it was sent to
 * @param caller the function address that sent it, or null for an ingress message
 * @param source the ingress source it came from ({@code rest}, a batch source, {@code internal}...)
 * @param contentType the payload's content type
 * @param payload the payload; null in listings (see {@code payloadBytes})
 * @param payloadText the payload as text when it is valid UTF-8; null otherwise, and in listings
 * @param payloadBytes the payload's size
 * @param eventTime epoch ms, kept by a replay
 * @param code the last attempt's error code (e.g. {@code HANDLER_ERROR}, {@code TIMEOUT})
 * @param error the last attempt's error message
 * @param attempts attempts made before giving up
 * @param deadLetteredAt epoch ms when it was given up on
 * @param cursor this letter's place in the listing: a {@code from} that continues after it
 */
public record DeadLetter(
    String messageId,
    String target,
    String caller,
    String source,
    String contentType,
    byte[] payload,
    String payloadText,
    long payloadBytes,
    long eventTime,
    String code,
    String error,
    int attempts,
    long deadLetteredAt,
    String cursor) {}
