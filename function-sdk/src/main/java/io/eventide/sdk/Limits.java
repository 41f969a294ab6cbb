package io.eventide.sdk;

/**
 * The sizes the platform accepts, the same on a node, in a cluster and in {@code
 * FunctionTestDriver}. A handler call that goes past one fails with {@link TooLargeException}; its
 * message is dead-lettered at once with the code {@code TOO_LARGE} (trying again would write the
 * same), and nothing of the call takes effect.
 *
 * <pre>{@code
 * if (report.length > Limits.MAX_MESSAGE_BYTES) {
 *   context.egress("reports", Types.STRING, "report too large: " + report.length + " bytes");
 * }
 * }</pre>
 */
public final class Limits {
  /**
   * A message's payload: sent to a function, received over HTTP, an egress record, a reply. 1 MiB.
   */
  public static final int MAX_MESSAGE_BYTES = 1 << 20;

  /** One state value, encoded. 16 MiB. */
  public static final int MAX_STATE_VALUE_BYTES = 16 << 20;

  /**
   * The payloads of everything one handler call sends, writes to egresses and replies, together. 8
   * MiB: they commit in one transaction of at most 10 MB with the rest of the call's effects.
   */
  public static final int MAX_CALL_OUTPUT_BYTES = 8 << 20;

  /** A key of a {@link MapState}, encoded. 4 KiB. */
  public static final int MAX_MAP_KEY_BYTES = 4 << 10;

  private Limits() {}
}
