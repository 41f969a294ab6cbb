package io.eventide.sdk;

/**
 * A handler went past one of the platform's {@link Limits}: the value, message or output it tried
 * to write is not written, and unless the handler catches this, its call fails and its message is
 * dead-lettered with the code {@code TOO_LARGE}.
 *
 * <pre>{@code
 * try {
 *   context.storage().set(HISTORY, history);
 * } catch (TooLargeException e) {
 *   context.storage().set(HISTORY, history.subList(history.size() / 2, history.size()));
 * }
 * }</pre>
 */
public final class TooLargeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final long size;
  private final long limit;

  /**
   * @param what what was too large, e.g. {@code "state value 'history'"}
   * @param size its size in bytes
   * @param limit the limit it exceeds, in bytes
   */
  public TooLargeException(String what, long size, long limit) {
    super(
        what
            + " of "
            + size
            + " bytes exceeds the limit of "
            + limit
            + " bytes ("
            + mebibytes(limit)
            + ")");
    this.size = size;
    this.limit = limit;
  }

  /** The size of what was refused, in bytes. */
  public long size() {
    return size;
  }

  /** The limit it exceeds, in bytes. */
  public long limit() {
    return limit;
  }

  private static String mebibytes(long bytes) {
    return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
  }
}
