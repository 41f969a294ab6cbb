package io.eventide.sdk;

/**
 * A window of event time, {@code [start, end)} in epoch milliseconds: {@code end} is exclusive, so
 * the last timestamp it holds is {@link #maxTimestamp()}, as in Flink's {@code TimeWindow}.
 *
 * <pre>{@code
 * TimeWindow minute = new TimeWindow(60_000, 120_000);
 * minute.maxTimestamp();   // 119_999: an event-time trigger fires when the watermark reaches it
 * }</pre>
 *
 * @param start first timestamp in the window, inclusive
 * @param end first timestamp after the window, exclusive
 */
public record TimeWindow(long start, long end) {
  /** The window of {@link Windows#global()}: all of time. */
  public static final TimeWindow GLOBAL = new TimeWindow(Long.MIN_VALUE, Long.MAX_VALUE);

  /** Checks that the window is not empty. */
  public TimeWindow {
    if (end <= start) {
      throw new IllegalArgumentException("window end " + end + " must be after its start " + start);
    }
  }

  /** The last timestamp in the window, {@code end - 1}. */
  public long maxTimestamp() {
    return end - 1;
  }

  /**
   * Whether the windows overlap or touch ({@code [0,10)} and {@code [10,20)} do), as sessions
   * merge.
   */
  public boolean intersects(TimeWindow other) {
    return start <= other.end && end >= other.start;
  }

  /** The smallest window covering both. */
  public TimeWindow cover(TimeWindow other) {
    return new TimeWindow(Math.min(start, other.start), Math.max(end, other.end));
  }
}
