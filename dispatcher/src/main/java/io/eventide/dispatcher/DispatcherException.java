package io.eventide.dispatcher;

/** A failure of an ingress or query operation, with a code the gateway maps to an HTTP status. */
public final class DispatcherException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Stable failure codes. */
  public enum Code {
    /** Backlog over its bound: retry later (429 with Retry-After). */
    OVERLOADED,
    /** No reply within the call's timeout (504). */
    TIMEOUT,
    /** Not ready, shutting down, or the store is unavailable (503). */
    UNAVAILABLE,
    /** Bad input (400). */
    INVALID,
    /** Too large (413). */
    TOO_LARGE,
    /** The handler kept failing and the message was dead-lettered (422 for a waiting call). */
    HANDLER_FAILED
  }

  private final Code code;

  public DispatcherException(Code code, String message) {
    super(message);
    this.code = code;
  }

  public DispatcherException(Code code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public Code code() {
    return code;
  }
}
