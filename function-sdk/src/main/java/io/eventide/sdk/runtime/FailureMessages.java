package io.eventide.sdk.runtime;

/**
 * A failure's message as the platform keeps it (in dead letters and callers' errors), the same on a
 * worker and in {@code FunctionTestDriver}: an exception's message may quote a whole payload of up
 * to 1 MiB, so only its first {@link #MAX_CHARS} characters are kept.
 */
public final class FailureMessages {
  /** The longest failure message kept. */
  public static final int MAX_CHARS = 1_000;

  private FailureMessages() {}

  /**
   * {@code message} cut to {@link #MAX_CHARS} characters, saying how many were left out; "" for
   * null.
   */
  public static String shortened(String message) {
    if (message == null) {
      return "";
    }
    return message.length() <= MAX_CHARS
        ? message
        : message.substring(0, MAX_CHARS)
            + "... ("
            + (message.length() - MAX_CHARS)
            + " more characters)";
  }
}
