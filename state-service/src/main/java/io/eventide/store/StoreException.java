package io.eventide.store;

/** A store failure with a stable code; {@link #retryable()} says whether running again may help. */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a store operation failed. */
  public enum Code {
    /** Something read was written by a later commit; retry the whole transaction. */
    CONFLICT(true),
    /** A fence ({@link Transaction#requireValue}) no longer held. */
    FENCED(true),
    /** A key, value or transaction over its limit. */
    TOO_LARGE(false),
    /** The transaction ran longer than the limit. */
    TOO_OLD(true),
    /** The commit may or may not have been applied (FoundationDB's commit_unknown_result). */
    COMMIT_UNKNOWN(true),
    /** The store is closed or unavailable. */
    UNAVAILABLE(true),
    /** Misuse, e.g. a write after commit. */
    INVALID(false),
    /** An I/O or backend failure. */
    IO(false);

    private final boolean retryable;

    Code(boolean retryable) {
      this.retryable = retryable;
    }
  }

  private final Code code;

  public StoreException(Code code, String message) {
    super(message);
    this.code = code;
  }

  public StoreException(Code code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public Code code() {
    return code;
  }

  public boolean retryable() {
    return code.retryable;
  }

  /** The {@link StoreException} behind {@code t} (unwrapping completion wrappers), or null. */
  public static StoreException unwrap(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof StoreException s) {
        return s;
      }
    }
    return null;
  }
}
