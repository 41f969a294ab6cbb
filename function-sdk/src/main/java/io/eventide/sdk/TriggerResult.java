package io.eventide.sdk;

/**
 * What a {@link Trigger} decides for a window, as Flink's {@code TriggerResult}: whether to run the
 * window function now ({@linkplain #isFire fire}) and whether to drop the window's contents
 * afterwards ({@linkplain #isPurge purge}).
 *
 * <pre>{@code
 * return seen >= 10 ? TriggerResult.FIRE_AND_PURGE : TriggerResult.CONTINUE;
 * }</pre>
 */
public enum TriggerResult {
  /** Do nothing. */
  CONTINUE(false, false),
  /** Run the window function with the window's contents, and keep them. */
  FIRE(true, false),
  /** Drop the window's contents without running the window function. */
  PURGE(false, true),
  /** Run the window function, then drop the window's contents. */
  FIRE_AND_PURGE(true, true);

  private final boolean fire;
  private final boolean purge;

  TriggerResult(boolean fire, boolean purge) {
    this.fire = fire;
    this.purge = purge;
  }

  /** Whether the window function runs. */
  public boolean isFire() {
    return fire;
  }

  /** Whether the window's contents are dropped. */
  public boolean isPurge() {
    return purge;
  }
}
