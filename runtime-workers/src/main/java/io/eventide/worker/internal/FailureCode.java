package io.eventide.worker.internal;

/** The codes of {@code Failure.code} in the protocol. */
public enum FailureCode {
  /** The handler (or the function's factory) threw. */
  HANDLER_ERROR,
  /** No loaded deployment serves the target's function type. */
  UNKNOWN_FUNCTION,
  /** The invocation took longer than the configured timeout, queueing included. */
  TIMEOUT,
  /** The function type's bulkhead queue was full. */
  REJECTED
}
