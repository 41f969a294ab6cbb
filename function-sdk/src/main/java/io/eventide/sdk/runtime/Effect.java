package io.eventide.sdk.runtime;

import io.eventide.sdk.Address;

/**
 * One effect of a handler call, recorded by {@link HandlerScope} and committed by the platform (or
 * by the test driver) only when the call returned normally.
 */
public sealed interface Effect {
  /**
   * A message to another function; {@code delayMillis} 0 means now. A delayed one has an id ({@code
   * delayed}, due at the call's processing time plus the delay) that cancels it; null otherwise.
   */
  record Send(
      Address target,
      String contentType,
      byte[] payload,
      long eventTime,
      long delayMillis,
      DelayedId delayed)
      implements Effect {
    /** A message without an id: sent now, or delayed the way it was before ids existed. */
    public Send(
        Address target, String contentType, byte[] payload, long eventTime, long delayMillis) {
      this(target, contentType, payload, eventTime, delayMillis, null);
    }
  }

  /** Cancels the delayed message {@code id} (a blind clear: unknown or delivered, no change). */
  record CancelDelayed(DelayedId id) implements Effect {}

  /** A record for an egress; {@code key} is null when the handler gave none. */
  record Egress(String egress, String key, String contentType, byte[] payload, long eventTime)
      implements Effect {}

  /** The answer to a call. */
  record Reply(String contentType, byte[] payload) implements Effect {}

  /** An event-time timer for the handling instance. */
  record Timer(long timestamp) implements Effect {}

  /** A processing-time timer for the handling instance, epoch ms. */
  record ProcessingTimer(long timestamp) implements Effect {}

  /**
   * Deletes the handling instance's event-time timer. Within one call a delete drops an earlier
   * registration of the same timer from the call's effects, so the deletes of a call apply before
   * its registrations.
   */
  record DeleteTimer(long timestamp) implements Effect {}

  /** Deletes a processing-time timer of the handling instance, as {@link DeleteTimer}. */
  record DeleteProcessingTimer(long timestamp) implements Effect {}
}
