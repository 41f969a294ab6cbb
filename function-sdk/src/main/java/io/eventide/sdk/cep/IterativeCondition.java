package io.eventide.sdk.cep;

/**
 * A condition an event must meet to be taken by a pattern, which may look at the events the partial
 * match has taken so far, as Flink CEP's {@code IterativeCondition}.
 *
 * <pre>{@code
 * IterativeCondition<Long> aboveAverage =
 *     (value, ctx) -> {
 *       long sum = 0;
 *       long count = 0;
 *       for (long earlier : ctx.getEventsForPattern("start")) {
 *         sum += earlier;
 *         count++;
 *       }
 *       return count > 0 && value * count > sum;
 *     };
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Called on the thread running the pattern's function, one event at a time; it must not keep the
 * context beyond the call.
 *
 * @param <T> the event type
 */
@FunctionalInterface
public interface IterativeCondition<T> {
  /** Whether {@code value} is taken, given the partial match seen through {@code ctx}. */
  boolean filter(T value, Context<T> ctx) throws Exception;

  /**
   * What a condition sees of its partial match.
   *
   * <pre>{@code
   * IterativeCondition<Long> rising =
   *     (value, ctx) -> {
   *       for (long earlier : ctx.getEventsForPattern("rise")) {
   *         if (earlier >= value) {
   *           return false;
   *         }
   *       }
   *       return true;
   *     };
   * }</pre>
   *
   * @param <T> the event type
   */
  interface Context<T> {
    /** The events the partial match has taken for the pattern {@code name}, in order. */
    Iterable<T> getEventsForPattern(String name) throws Exception;

    /** The event time of the event being tested. */
    long timestamp();
  }
}
