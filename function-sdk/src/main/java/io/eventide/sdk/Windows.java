package io.eventide.sdk;

import java.time.Duration;
import java.util.Objects;

/**
 * The window assigners of a {@link WindowedFunctionSpec}, with Flink's event-time semantics.
 *
 * <pre>{@code
 * Windows.tumbling(Duration.ofMinutes(1));                          // [0,60s), [60s,120s), ...
 * Windows.tumbling(Duration.ofHours(1), Duration.ofMinutes(15));    // [00:15, 01:15), ...
 * Windows.sliding(Duration.ofMinutes(10), Duration.ofMinutes(1));   // each message in 10 windows
 * Windows.session(Duration.ofMinutes(30));                          // merge when within 30 min
 * Windows.global();                                                 // use with Triggers.count(n)
 * }</pre>
 */
public final class Windows {
  private Windows() {}

  /** Tumbling windows of {@code size}: a message at {@code ts} is in {@code [ts - ts mod size, +size)}, floored. */
  public static WindowAssigner tumbling(Duration size) {
    return tumbling(size, Duration.ZERO);
  }

  /** Tumbling windows of {@code size} starting at {@code offset} from the epoch; {@code |offset| < size}. */
  public static WindowAssigner tumbling(Duration size, Duration offset) {
    long millis = positive("tumbling window size", size);
    long shift = offset("tumbling window", offset, millis);
    return new WindowAssigner(WindowAssigner.Kind.TUMBLING, millis, millis, shift);
  }

  /** Windows of {@code size} starting every {@code slide}; a message is in every window that contains it. */
  public static WindowAssigner sliding(Duration size, Duration slide) {
    return sliding(size, slide, Duration.ZERO);
  }

  /** Sliding windows whose starts are shifted by {@code offset}; {@code |offset| < slide}. */
  public static WindowAssigner sliding(Duration size, Duration slide, Duration offset) {
    long millis = positive("sliding window size", size);
    long every = positive("sliding window slide", slide);
    long shift = offset("sliding window", offset, every);
    return new WindowAssigner(WindowAssigner.Kind.SLIDING, millis, every, shift);
  }

  /** Session windows: each message opens {@code [ts, ts + gap)}; windows that overlap or touch merge. */
  public static WindowAssigner session(Duration gap) {
    return new WindowAssigner(WindowAssigner.Kind.SESSION, positive("session gap", gap), 0, 0);
  }

  /** One window per key holding every message; never fires unless a count or custom trigger says so. */
  public static WindowAssigner global() {
    return new WindowAssigner(WindowAssigner.Kind.GLOBAL, 0, 0, 0);
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
          what + " offset " + offset + " must be smaller in magnitude than " + Duration.ofMillis(bound));
    }
    return millis;
  }
}
