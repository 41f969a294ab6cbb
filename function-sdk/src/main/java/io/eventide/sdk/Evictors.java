package io.eventide.sdk;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * The built-in {@link Evictor}s, each exactly as Flink's of the same name: {@code count} ({@code
 * CountEvictor}), {@code time} ({@code TimeEvictor}) and {@code delta} ({@code DeltaEvictor}). Each
 * evicts before the window function, or, with {@code evictAfter} true, after it.
 *
 * <pre>{@code
 * WindowedFunctionSpec.builder(TypeName.of("shop", "last-10-prices"))
 *     .window(Windows.sliding(Duration.ofMinutes(5), Duration.ofMinutes(1)))
 *     .evictor(Evictors.count(10))
 *     .process((context, window, messages) ->
 *         context.egress("prices", Types.LONG, (long) messages.size()))
 *     .build();
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * The evictors returned are immutable and may serve every key and window at once; a delta evictor's
 * {@link DeltaFunction} must then be safe to call from several threads.
 */
public final class Evictors {
  private Evictors() {}

  /**
   * Keeps the last {@code maxCount} messages added to the window, evicting the earliest, before the
   * window function. A window of {@code maxCount} messages or fewer is left alone.
   *
   * @throws IllegalArgumentException if {@code maxCount} is negative
   */
  public static Evictor count(long maxCount) {
    return count(maxCount, false);
  }

  /** As {@link #count(long)}, evicting after the window function when {@code evictAfter}. */
  public static Evictor count(long maxCount, boolean evictAfter) {
    if (maxCount < 0) {
      throw new IllegalArgumentException("count evictor's maxCount must be >= 0, was " + maxCount);
    }
    return new Count(maxCount, evictAfter);
  }

  /**
   * Keeps the messages of the last {@code keep} before the latest event time in the window: with
   * {@code max} the greatest event time of its messages, evicts every message at or before {@code
   * max - keep}, before the window function. {@code Duration.ZERO} evicts every message, as in
   * Flink.
   *
   * @throws IllegalArgumentException if {@code keep} is negative
   */
  public static Evictor time(Duration keep) {
    return time(keep, false);
  }

  /** As {@link #time(Duration)}, evicting after the window function when {@code evictAfter}. */
  public static Evictor time(Duration keep, boolean evictAfter) {
    Objects.requireNonNull(keep, "keep");
    if (keep.isNegative()) {
      throw new IllegalArgumentException("time evictor's duration must be >= 0, was " + keep);
    }
    return new Time(keep.toMillis(), evictAfter);
  }

  /**
   * Evicts, before the window function, every message whose value is {@code threshold} or more away
   * from the value of the last message added: those with {@code delta.getDelta(value, last) >=
   * threshold}, values decoded with {@code type}.
   *
   * <pre>{@code
   * Evictor near = Evictors.delta(100.0, Types.LONG, (older, newest) -> Math.abs(newest - older));
   * }</pre>
   */
  public static <T> Evictor delta(double threshold, Type<T> type, DeltaFunction<T> delta) {
    return delta(threshold, type, delta, false);
  }

  /** As {@link #delta(double, Type, DeltaFunction)}, after the window function when asked. */
  public static <T> Evictor delta(
      double threshold, Type<T> type, DeltaFunction<T> delta, boolean evictAfter) {
    return new Delta<>(
        threshold,
        Objects.requireNonNull(type, "type"),
        Objects.requireNonNull(delta, "delta function"),
        evictAfter);
  }

  /** Runs {@code evict} before or after the window function, as {@code after} says. */
  private abstract static class Timed implements Evictor {
    private final boolean after;

    Timed(boolean after) {
      this.after = after;
    }

    abstract void evict(List<Message> elements);

    @Override
    public final void evictBefore(List<Message> elements, TimeWindow w, EvictorContext c) {
      if (!after) {
        evict(elements);
      }
    }

    @Override
    public final void evictAfter(List<Message> elements, TimeWindow w, EvictorContext c) {
      if (after) {
        evict(elements);
      }
    }

    String when() {
      return after ? ", after" : "";
    }
  }

  private static final class Count extends Timed {
    private final long maxCount;

    Count(long maxCount, boolean after) {
      super(after);
      this.maxCount = maxCount;
    }

    @Override
    void evict(List<Message> elements) {
      int size = elements.size();
      if (size > maxCount) {
        elements.subList(0, (int) (size - maxCount)).clear();
      }
    }

    @Override
    public String toString() {
      return "Evictors.count(" + maxCount + when() + ")";
    }
  }

  private static final class Time extends Timed {
    private final long keepMillis;

    Time(long keepMillis, boolean after) {
      super(after);
      this.keepMillis = keepMillis;
    }

    @Override
    void evict(List<Message> elements) {
      if (elements.isEmpty()) {
        return;
      }
      long max = Long.MIN_VALUE;
      for (Message message : elements) {
        max = Math.max(max, message.eventTime());
      }
      long cutoff = max - keepMillis;
      elements.removeIf(message -> message.eventTime() <= cutoff);
    }

    @Override
    public String toString() {
      return "Evictors.time(" + keepMillis + "ms" + when() + ")";
    }
  }

  private static final class Delta<T> extends Timed {
    private final double threshold;
    private final Type<T> type;
    private final DeltaFunction<T> delta;

    Delta(double threshold, Type<T> type, DeltaFunction<T> delta, boolean after) {
      super(after);
      this.threshold = threshold;
      this.type = type;
      this.delta = delta;
    }

    @Override
    void evict(List<Message> elements) {
      if (elements.isEmpty()) {
        return;
      }
      // The last message's value is taken once, before any removal, as Flink's DeltaEvictor does.
      T last = elements.get(elements.size() - 1).as(type);
      for (Iterator<Message> it = elements.iterator(); it.hasNext(); ) {
        if (delta.getDelta(it.next().as(type), last) >= threshold) {
          it.remove();
        }
      }
    }

    @Override
    public String toString() {
      return "Evictors.delta(" + threshold + when() + ")";
    }
  }
}
