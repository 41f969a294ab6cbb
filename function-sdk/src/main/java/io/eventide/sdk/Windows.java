package io.eventide.sdk;

import java.time.Duration;
import java.util.Objects;

/**
 * The window assigners of a {@link WindowedFunctionSpec}, with the semantics of Flink's assigners.
 * The plain factories assign by event time; the {@code ...ProcessingTime} ones by the platform's
 * clock when the message is handled (nondeterministic by nature: use them for dashboards and
 * timeouts, not for results that must be reproducible).
 *
 * <pre>{@code
 * Windows.tumbling(Duration.ofMinutes(1));                          // [0,60s), [60s,120s), ...
 * Windows.tumbling(Duration.ofHours(1), Duration.ofMinutes(15));    // [00:15, 01:15), ...
 * Windows.sliding(Duration.ofMinutes(10), Duration.ofMinutes(1));   // each message in 10 windows
 * Windows.session(Duration.ofMinutes(30));                          // merge when within 30 min
 * Windows.global();                                                 // use with Triggers.count(n)
 * Windows.tumblingProcessingTime(Duration.ofSeconds(10));           // by the clock, every 10 s
 * }</pre>
 */
public final class Windows {
  private Windows() {}

  /**
   * Tumbling windows of {@code size}: a message at {@code ts} is in {@code [ts - ts mod size,
   * +size)}, floored.
   */
  public static WindowAssigner tumbling(Duration size) {
    return tumbling(size, Duration.ZERO);
  }

  /**
   * Tumbling windows of {@code size} starting at {@code offset} from the epoch; {@code |offset| <
   * size}.
   */
  public static WindowAssigner tumbling(Duration size, Duration offset) {
    long millis = positive("tumbling window size", size);
    long shift = offset("tumbling window", offset, millis);
    return new WindowAssigner(WindowAssigner.Kind.TUMBLING, millis, millis, shift, false);
  }

  /**
   * Windows of {@code size} starting every {@code slide}; a message is in every window that
   * contains it.
   */
  public static WindowAssigner sliding(Duration size, Duration slide) {
    return sliding(size, slide, Duration.ZERO);
  }

  /** Sliding windows whose starts are shifted by {@code offset}; {@code |offset| < slide}. */
  public static WindowAssigner sliding(Duration size, Duration slide, Duration offset) {
    long millis = positive("sliding window size", size);
    long every = positive("sliding window slide", slide);
    long shift = offset("sliding window", offset, every);
    return new WindowAssigner(WindowAssigner.Kind.SLIDING, millis, every, shift, false);
  }

  /**
   * Session windows: each message opens {@code [ts, ts + gap)}; windows that overlap or touch
   * merge.
   */
  public static WindowAssigner session(Duration gap) {
    return new WindowAssigner(
        WindowAssigner.Kind.SESSION, positive("session gap", gap), 0, 0, false);
  }

  /**
   * One window per key holding every message; never fires unless a count or custom trigger says so.
   */
  public static WindowAssigner global() {
    return new WindowAssigner(WindowAssigner.Kind.GLOBAL, 0, 0, 0, false);
  }

  /**
   * Tumbling windows of {@code size} by processing time (Flink's {@code
   * TumblingProcessingTimeWindows}): a message handled at processing time {@code now} is in {@code
   * [now - now mod size, +size)}, whatever its event time. Fires by default when the clock reaches
   * the window's {@code maxTimestamp()} ({@link Triggers#processingTime()}).
   *
   * <pre>{@code
   * Windows.tumblingProcessingTime(Duration.ofSeconds(10));   // handled at 12:00:07 -> [12:00:00, 12:00:10)
   * }</pre>
   */
  public static WindowAssigner tumblingProcessingTime(Duration size) {
    return tumblingProcessingTime(size, Duration.ZERO);
  }

  /**
   * As {@link #tumblingProcessingTime(Duration)}, with starts shifted by {@code offset}; {@code
   * |offset| < size}.
   *
   * <pre>{@code
   * Windows.tumblingProcessingTime(Duration.ofHours(1), Duration.ofMinutes(30));   // hh:30 to hh+1:30
   * }</pre>
   */
  public static WindowAssigner tumblingProcessingTime(Duration size, Duration offset) {
    long millis = positive("tumbling window size", size);
    long shift = offset("tumbling window", offset, millis);
    return new WindowAssigner(WindowAssigner.Kind.TUMBLING, millis, millis, shift, true);
  }

  /**
   * Windows of {@code size} starting every {@code slide}, by processing time (Flink's {@code
   * SlidingProcessingTimeWindows}): a message is in every window containing the processing time at
   * which it is handled.
   *
   * <pre>{@code
   * Windows.slidingProcessingTime(Duration.ofMinutes(5), Duration.ofMinutes(1));   // each message in 5 windows
   * }</pre>
   */
  public static WindowAssigner slidingProcessingTime(Duration size, Duration slide) {
    return slidingProcessingTime(size, slide, Duration.ZERO);
  }

  /**
   * As {@link #slidingProcessingTime(Duration, Duration)}, with starts shifted by {@code offset};
   * {@code |offset| < slide}.
   *
   * <pre>{@code
   * Windows.slidingProcessingTime(Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofSeconds(30));
   * }</pre>
   */
  public static WindowAssigner slidingProcessingTime(
      Duration size, Duration slide, Duration offset) {
    long millis = positive("sliding window size", size);
    long every = positive("sliding window slide", slide);
    long shift = offset("sliding window", offset, every);
    return new WindowAssigner(WindowAssigner.Kind.SLIDING, millis, every, shift, true);
  }

  /**
   * Session windows by processing time (Flink's {@code ProcessingTimeSessionWindows}): a message
   * handled at {@code now} opens {@code [now, now + gap)}; windows that overlap or touch merge, so
   * a session closes once no message arrived for {@code gap} of wall-clock time.
   *
   * <pre>{@code
   * Windows.sessionProcessingTime(Duration.ofMinutes(30));   // a visit ends after 30 quiet minutes
   * }</pre>
   */
  public static WindowAssigner sessionProcessingTime(Duration gap) {
    return new WindowAssigner(
        WindowAssigner.Kind.SESSION, positive("session gap", gap), 0, 0, true);
  }

  private static long positive(String what, Duration duration) {
    Objects.requireNonNull(duration, what);
    if (duration.isNegative() || duration.isZero() || duration.toMillis() == 0) {
      throw new IllegalArgumentException(what + " must be at least 1 ms, was " + duration);
    }
    return duration.toMillis();
  }

  private static long offset(String what, Duration offset, long bound) {
    Objects.requireNonNull(offset, what + " offset");
    long millis = offset.toMillis();
    if (Math.abs(millis) >= bound) {
      throw new IllegalArgumentException(
          what
              + " offset "
              + offset
              + " must be smaller in magnitude than "
              + Duration.ofMillis(bound));
    }
    return millis;
  }
}
