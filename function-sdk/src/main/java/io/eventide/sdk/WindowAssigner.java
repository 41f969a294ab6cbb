package io.eventide.sdk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Assigns each message to the windows it belongs to: by its event time, or, for the processing-time
 * assigners, by the platform's processing time when it is handled. Made with the factories of
 * {@link Windows}; the rules are Flink's assigners' of the same shape.
 *
 * <pre>{@code
 * WindowAssigner minutes = Windows.tumbling(Duration.ofMinutes(1));
 * minutes.assignWindows(90_000);   // [TimeWindow[start=60000, end=120000]]
 * Windows.tumblingProcessingTime(Duration.ofMinutes(1)).isProcessingTime();   // true
 * }</pre>
 */
public final class WindowAssigner {
  /** The kinds of assigner. */
  public enum Kind {
    /** Fixed-size, non-overlapping windows. */
    TUMBLING,
    /** Fixed-size windows starting every {@code slide}. */
    SLIDING,
    /** Windows of activity separated by a gap of inactivity; they merge. */
    SESSION,
    /** One window holding everything; fires only by a count or custom trigger. */
    GLOBAL
  }

  private final Kind kind;
  private final long size;
  private final long slide;
  private final long offset;
  private final boolean processingTime;

  WindowAssigner(Kind kind, long size, long slide, long offset, boolean processingTime) {
    this.kind = kind;
    this.size = size;
    this.slide = slide;
    this.offset = offset;
    this.processingTime = processingTime;
  }

  /** Which assigner this is. */
  public Kind kind() {
    return kind;
  }

  /** The window size (tumbling, sliding) or session gap; zero for global. */
  public Duration size() {
    return Duration.ofMillis(size);
  }

  /** How often sliding windows start; equals {@link #size()} for tumbling, zero otherwise. */
  public Duration slide() {
    return Duration.ofMillis(slide);
  }

  /** How far window starts are shifted from the epoch. */
  public Duration offset() {
    return Duration.ofMillis(offset);
  }

  /** Whether windows merge (sessions). */
  public boolean isMerging() {
    return kind == Kind.SESSION;
  }

  /**
   * Whether windows end in event time, so that the watermark fires and cleans them and lateness
   * applies; false for the global window (never late) and for processing-time windows.
   */
  public boolean isEventTime() {
    return !processingTime && kind != Kind.GLOBAL;
  }

  /**
   * Whether messages are assigned by the processing time at which they are handled, not by their
   * event time (Flink's {@code TumblingProcessingTimeWindows} and its siblings); such windows end
   * by the platform's clock, have no lateness and are cleaned at their {@code maxTimestamp()}.
   *
   * <pre>{@code
   * Windows.sessionProcessingTime(Duration.ofMinutes(5)).isProcessingTime();   // true
   * }</pre>
   */
  public boolean isProcessingTime() {
    return processingTime;
  }

  /**
   * The windows a message belongs to when {@code timestamp} is its event time (event-time
   * assigners) or the current processing time (processing-time assigners); for sliding windows the
   * latest-starting first, as Flink assigns them.
   */
  public List<TimeWindow> assignWindows(long timestamp) {
    return switch (kind) {
      case TUMBLING ->
          List.of(
              new TimeWindow(
                  windowStart(timestamp, offset, size),
                  windowStart(timestamp, offset, size) + size));
      case SLIDING -> sliding(timestamp);
      case SESSION -> List.of(new TimeWindow(timestamp, timestamp + size));
      case GLOBAL -> List.of(TimeWindow.GLOBAL);
    };
  }

  private List<TimeWindow> sliding(long timestamp) {
    List<TimeWindow> windows = new ArrayList<>((int) (size / slide) + 1);
    for (long start = windowStart(timestamp, offset, slide);
        start > timestamp - size;
        start -= slide) {
      windows.add(new TimeWindow(start, start + size));
    }
    return windows;
  }

  /** Flink's {@code TimeWindow.getWindowStartWithOffset}: floored, so negative times work. */
  static long windowStart(long timestamp, long offset, long size) {
    return timestamp - Math.floorMod(timestamp - offset, size);
  }

  @Override
  public String toString() {
    String domain = processingTime ? "ProcessingTime" : "";
    return switch (kind) {
      case TUMBLING -> "tumbling" + domain + "(" + size() + ", offset " + offset() + ")";
      case SLIDING ->
          "sliding" + domain + "(" + size() + ", " + slide() + ", offset " + offset() + ")";
      case SESSION -> "session" + domain + "(" + size() + ")";
      case GLOBAL -> "global()";
    };
  }
}
