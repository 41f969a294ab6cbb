package io.eventide.worker.internal;

/** The codes of {@code Failure.code} in the protocol. */
public enum FailureCode {
  /** The handler (or the function's factory) threw. */
  HANDLER_ERROR,
  /** No loaded deployment serves the target's function type. */
  UNKNOWN_FUNCTION,
  /** A handler call ran past its timeout, or no thread was free for it within the timeout. */
  TIMEOUT,
  /** The function type's bulkhead queue was full. */
  REJECTED,
  /**
   * The handler went past one of the SDK's {@code Limits} ({@code TooLargeException}): trying again
   * would write the same, so the message is dead-lettered at once.
   */
  TOO_LARGE
}
