package io.eventide.sdk.runtime;

import io.eventide.sdk.Address;

/**
 * One effect of a handler call, recorded by {@link HandlerScope} and committed by the platform (or
 * by the test driver) only when the call returned normally.
 */
public sealed interface Effect {
  /** A message to another function; {@code delayMillis} 0 means now. */
  record Send(Address target, String contentType, byte[] payload, long eventTime, long delayMillis)
      implements Effect {}

  /** A record for an egress; {@code key} is null when the handler gave none. */
  record Egress(String egress, String key, String contentType, byte[] payload, long eventTime)
      implements Effect {}

  /** The answer to a call. */
  record Reply(String contentType, byte[] payload) implements Effect {}

  /** An event-time timer for the handling instance. */
  record Timer(long timestamp) implements Effect {}

  /** A processing-time timer for the handling instance, epoch ms. */
  record ProcessingTimer(long timestamp) implements Effect {}
}
