package io.eventide.sdk;

import java.util.List;

/**
 * Decides when a window fires, as Flink's {@code Trigger}: on each message added to the window and
 * on each event-time or processing-time timer the trigger registered for it. The ready ones are in
 * {@link Triggers}; write your own for anything else.
 *
 * <pre>{@code
 * // Fires early on every message of type "flush", and at the end of the window.
 * Trigger flushable = new Trigger() {
 *   public TriggerResult onElement(Message message, long timestamp, TimeWindow window, TriggerContext ctx) {
 *     ctx.registerEventTimeTimer(window.maxTimestamp());
 *     return message.as(Types.STRING).equals("flush") ? TriggerResult.FIRE : TriggerResult.CONTINUE;
 *   }
 *   public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext ctx) {
 *     return time == window.maxTimestamp() ? TriggerResult.FIRE : TriggerResult.CONTINUE;
 *   }
 * };
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * One instance serves every key of a function type, one call at a time; keep per-window data in
 * {@link TriggerContext#storage()}, not in fields.
 */
public interface Trigger {
  /** Called for every message added to {@code window}; {@code timestamp} is its event time. */
  TriggerResult onElement(
      Message message, long timestamp, TimeWindow window, TriggerContext context) throws Exception;

  /** Called when an event-time timer this trigger registered for {@code window} fires. */
  TriggerResult onEventTime(long time, TimeWindow window, TriggerContext context) throws Exception;

  /**
   * Called when a processing-time timer this trigger registered for {@code window} fires, once the
   * platform's clock has reached {@code time}. Continues by default.
   *
   * <pre>{@code
   * // Fire whatever the window holds every 10 s of wall-clock time.
   * public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext ctx) {
   *   ctx.registerProcessingTimeTimer(time + 10_000);
   *   return TriggerResult.FIRE;
   * }
   * }</pre>
   */
  default TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext context)
      throws Exception {
    return TriggerResult.CONTINUE;
  }

  /** Whether this trigger supports merging windows; session windows need one that does. */
  default boolean canMerge() {
    return false;
  }

  /**
   * Called when windows merge into {@code window} (sessions); the context's storage is the merged
   * window's, {@link OnMergeContext#mergedStorages()} those of the windows it replaces.
   */
  default void onMerge(TimeWindow window, OnMergeContext context) throws Exception {
    throw new UnsupportedOperationException(
        getClass().getName() + " does not support merging windows");
  }

  /** Called when {@code window} is removed: delete its timers and storage here. */
  default void clear(TimeWindow window, TriggerContext context) throws Exception {}

  /**
   * What a trigger can see and do for one window.
   *
   * <pre>{@code
   * long seen = ctx.storage().get(SEEN).orElse(0L) + 1;
   * ctx.storage().set(SEEN, seen);
   * }</pre>
   */
  interface TriggerContext {
    /** The current event-time watermark, epoch ms. */
    long currentWatermark();

    /**
     * Calls {@link Trigger#onEventTime} for this window once the watermark reaches {@code time}.
     */
    void registerEventTimeTimer(long time);

    /** Deletes a timer registered for this window; nothing happens if there is none. */
    void deleteEventTimeTimer(long time);

    /**
     * The platform's processing time, epoch ms (the manual clock in {@code FunctionTestDriver}).
     *
     * <pre>{@code
     * boolean ended = window.maxTimestamp() <= ctx.currentProcessingTime();
     * }</pre>
     */
    long currentProcessingTime();

    /**
     * Calls {@link Trigger#onProcessingTime} for this window once the platform's clock reaches
     * {@code time}; a time already passed fires as soon as possible.
     *
     * <pre>{@code
     * ctx.registerProcessingTimeTimer(ctx.currentProcessingTime() + 1_000);   // in a second
     * }</pre>
     */
    void registerProcessingTimeTimer(long time);

    /**
     * Deletes a processing-time timer registered for this window; nothing happens if there is none.
     *
     * <pre>{@code
     * ctx.storage().get(NEXT_FIRING).ifPresent(ctx::deleteProcessingTimeTimer);   // in clear()
     * }</pre>
     */
    void deleteProcessingTimeTimer(long time);

    /** Values kept for this window and key only; any {@link ValueSpec} may be used. */
    Storage storage();
  }

  /**
   * The context of {@link Trigger#onMerge}.
   *
   * <pre>{@code
   * long sum = ctx.mergedStorages().stream().mapToLong(s -> s.get(SEEN).orElse(0L)).sum();
   * ctx.storage().set(SEEN, sum);
   * }</pre>
   */
  interface OnMergeContext extends TriggerContext {
    /** The storages of the windows being merged into this one, to read from. */
    List<Storage> mergedStorages();
  }
}
