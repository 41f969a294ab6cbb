package io.eventide.sdk;

/**
 * A handler for the messages sent to one function type. The platform calls {@link #apply} once per
 * message, never concurrently for the same {@link Address}, and commits everything the call did
 * through its {@link Context} (state, messages, egress, reply, timers) atomically, exactly once. A
 * call that throws has no effect and is retried; do external side effects through {@link
 * Context#egress}, never directly.
 *
 * <pre>{@code
 * public final class Counter implements StatefulFunction {
 *   static final ValueSpec<Long> COUNT = ValueSpec.named("count").withType(Types.LONG);
 *
 *   public void apply(Context context, Message message) {
 *     long count = context.storage().get(COUNT).orElse(0L) + message.as(Types.LONG);
 *     context.storage().set(COUNT, count);
 *     context.reply(Types.LONG, count);
 *     context.egress("counts", Types.STRING, context.self().id() + "=" + count);
 *   }
 * }
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * An instance may be reused for many addresses, one call at a time; keep per-address data in {@link
 * Storage}, not in fields.
 */
@FunctionalInterface
public interface StatefulFunction {
  /** Handles one message sent to {@code context.self()}. */
  void apply(Context context, Message message) throws Exception;

  /**
   * Called when an event-time timer registered with {@link Context#registerEventTimeTimer} fires,
   * that is once the watermark has passed {@code timestamp}.
   */
  default void onTimer(Context context, long timestamp) throws Exception {}

  /**
   * Called when a processing-time timer registered with {@link Context#registerProcessingTimeTimer}
   * fires, that is once the platform's clock has reached {@code timestamp}. Separate from {@link
   * #onTimer}, which is driven by event time. Does nothing by default.
   *
   * <pre>{@code
   * public void onProcessingTimer(Context context, long timestamp) {
   *   context.egress("reminders", Types.STRING, context.self().id() + " idle since " + timestamp);
   * }
   * }</pre>
   */
  default void onProcessingTimer(Context context, long timestamp) throws Exception {}
}
