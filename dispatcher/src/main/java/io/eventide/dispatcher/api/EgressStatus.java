package io.eventide.dispatcher.api;

/**
 * A configured egress and how its delivery goes.
 *
 * @param pending records in its outbox not yet delivered (counted up to {@link #MAX_COUNTED}; a
 *     larger outbox reports that bound)
 * @param delivered records delivered since it was configured
 * @param deadLettered records the sink refused for good (sent to {@code dead-letters})
 * @param lastError the last delivery failure, null when the last attempt succeeded
 * @param lastErrorAt epoch ms of {@code lastError}; 0 without one
 * @param offset the outbox offset of the last record delivered; -1 for none
 */
public record EgressStatus(
    EgressSpec spec,
    long createdAt,
    long pending,
    long delivered,
    long deadLettered,
    String lastError,
    long lastErrorAt,
    long offset) {
  /** The most pending records a status counts. */
  public static final long MAX_COUNTED = 10_000;
}
