package io.eventide.sdk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Assigns each message, by its event time, to the windows it belongs to. Made with the factories
 * of {@link Windows}; the rules are Flink's event-time assigners'.
 *
 * <pre>{@code
 * WindowAssigner minutes = Windows.tumbling(Duration.ofMinutes(1));
 * minutes.assignWindows(90_000);   // [TimeWindow[start=60000, end=120000]]
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

  WindowAssigner(Kind kind, long size, long slide, long offset) {
    this.kind = kind;
    this.size = size;
    this.slide = slide;
    this.offset = offset;
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

  /** Whether windows end in event time; the global window does not, so it is never late. */
  public boolean isEventTime() {
    return kind != Kind.GLOBAL;
  }

  /**
   * The windows a message with event time {@code timestamp} belongs to; for sliding windows the
   * latest-starting first, as Flink assigns them.
   */
  public List<TimeWindow> assignWindows(long timestamp) {
    return switch (kind) {
      case TUMBLING -> List.of(new TimeWindow(windowStart(timestamp, offset, size), windowStart(timestamp, offset, size) + size));
      case SLIDING -> sliding(timestamp);
      case SESSION -> List.of(new TimeWindow(timestamp, timestamp + size));
      case GLOBAL -> List.of(TimeWindow.GLOBAL);
    };
  }

  private List<TimeWindow> sliding(long timestamp) {
    List<TimeWindow> windows = new ArrayList<>((int) (size / slide) + 1);
    for (long start = windowStart(timestamp, offset, slide); start > timestamp - size; start -= slide) {
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
    return switch (kind) {
      case TUMBLING -> "tumbling(" + size() + ", offset " + offset() + ")";
      case SLIDING -> "sliding(" + size() + ", " + slide() + ", offset " + offset() + ")";
      case SESSION -> "session(" + size() + ")";
      case GLOBAL -> "global()";
    };
  }
}
