package io.eventide.sdk;

import java.util.List;

/**
 * Removes messages from a window when it fires, before and/or after the window function runs
 * (Flink's {@code Evictor}). A window with an evictor keeps all its messages, even with an {@link
 * AggregateFunction}: on each firing the evictor sees them in the order they were added, {@link
 * #evictBefore} runs, the function gets what is left (an aggregate folds it from a new
 * accumulator), {@link #evictAfter} runs, and what is left then is the window's contents from now
 * on. A message is evicted by removing it from {@code elements}. The built-in evictors are in
 * {@link Evictors}.
 *
 * <pre>{@code
 * Evictor dropNegatives = new Evictor() {
 *   public void evictBefore(List<Message> elements, TimeWindow window, EvictorContext context) {
 *     elements.removeIf(m -> m.as(Types.LONG) < 0);
 *   }
 * };
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * One instance serves every key and window of a function type, one call at a time per key but keys
 * in parallel: keep no per-window data in fields.
 */
public interface Evictor {
  /**
   * Removes messages before the window function sees them; by default none. {@code elements} is a
   * mutable list of the window's messages in the order they were added; only removing from it is
   * allowed.
   */
  default void evictBefore(List<Message> elements, TimeWindow window, EvictorContext context)
      throws Exception {}

  /**
   * Removes messages after the window function has run; by default none. The rules of {@link
   * #evictBefore} apply.
   */
  default void evictAfter(List<Message> elements, TimeWindow window, EvictorContext context)
      throws Exception {}

  /**
   * What an evictor can see of the firing (Flink's {@code Evictor.EvictorContext}).
   *
   * <pre>{@code
   * long now = context.currentWatermark();
   * }</pre>
   */
  interface EvictorContext {
    /** The event-time watermark of the key's function, epoch ms. */
    long currentWatermark();

    /** The platform's processing time, epoch ms. */
    long currentProcessingTime();
  }
}
