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
    HANDLER_FAILED,
    /**
     * In a cluster, another node holds the address's key group and must take a call to it
     * ({@link #owner()}: its HTTP endpoint; the gateway redirects there with 307).
     */
    NOT_OWNER
  }

  private final Code code;
  private final String owner;

  public DispatcherException(Code code, String message) {
    super(message);
    this.code = code;
    this.owner = null;
  }

  /** {@link Code#NOT_OWNER}: {@code owner} is the holder's HTTP endpoint, {@code host:port}. */
  public static DispatcherException notOwner(String message, String owner) {
    return new DispatcherException(Code.NOT_OWNER, message, owner);
  }

  private DispatcherException(Code code, String message, String owner) {
    super(message);
    this.code = code;
    this.owner = owner;
  }

  public DispatcherException(Code code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.owner = null;
  }

  /** The holder's HTTP endpoint ({@code host:port}) for {@link Code#NOT_OWNER}; null otherwise. */
  public String owner() {
    return owner;
  }

  public Code code() {
    return code;
  }
}
