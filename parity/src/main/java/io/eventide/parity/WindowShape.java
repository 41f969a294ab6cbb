package io.eventide.parity;

import io.eventide.sdk.WindowAssigner;
import io.eventide.sdk.Windows;
import java.time.Duration;

/**
 * The window assigner of a parity configuration, in plain numbers so that each side builds its own:
 * {@link #assigner()} for Eventide, the tests' {@code FlinkWindows} for Flink.
 *
 * <pre>{@code
 * WindowShape.sliding(1500, 400).assigner();   // Windows.sliding(1.5 s, 400 ms)
 * }</pre>
 *
 * @param kind tumbling, sliding or session
 * @param size window size in ms (the gap, for sessions)
 * @param slide distance between window starts in ms (the size, for tumbling; 0 for sessions)
 */
public record WindowShape(Kind kind, long size, long slide) {
  /** The assigners compared with Flink's. */
  public enum Kind {
    TUMBLING,
    SLIDING,
    SESSION
  }

  /** Tumbling windows of {@code sizeMillis}. */
  public static WindowShape tumbling(long sizeMillis) {
    return new WindowShape(Kind.TUMBLING, sizeMillis, sizeMillis);
  }

  /** Windows of {@code sizeMillis} starting every {@code slideMillis}. */
  public static WindowShape sliding(long sizeMillis, long slideMillis) {
    return new WindowShape(Kind.SLIDING, sizeMillis, slideMillis);
  }

  /** Session windows that close after a {@code gapMillis} pause. */
  public static WindowShape session(long gapMillis) {
    return new WindowShape(Kind.SESSION, gapMillis, 0);
  }

  /** Eventide's assigner for this shape. */
  public WindowAssigner assigner() {
    return switch (kind) {
      case TUMBLING -> Windows.tumbling(Duration.ofMillis(size));
      case SLIDING -> Windows.sliding(Duration.ofMillis(size), Duration.ofMillis(slide));
      case SESSION -> Windows.session(Duration.ofMillis(size));
    };
  }

  @Override
  public String toString() {
    return switch (kind) {
      case TUMBLING -> "tumbling(" + size + "ms)";
      case SLIDING -> "sliding(" + size + "ms, " + slide + "ms)";
      case SESSION -> "session(" + size + "ms)";
    };
  }
}
