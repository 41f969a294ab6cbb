package io.eventide.sdk;

/**
 * The distance between two values of a window's messages, for {@link Evictors#delta} (Flink's
 * {@code DeltaFunction}).
 *
 * <pre>{@code
 * DeltaFunction<Long> distance = (older, newest) -> Math.abs(newest - older);
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Called for windows of different keys at once: keep it free of mutable state.
 *
 * @param <T> the messages' values, decoded with the evictor's {@link Type}
 */
@FunctionalInterface
public interface DeltaFunction<T> {
  /** The delta from {@code oldDataPoint} to {@code newDataPoint}. */
  double getDelta(T oldDataPoint, T newDataPoint);
}
