package io.eventide.sdk;

import java.time.Duration;
import java.util.Optional;

/**
 * What a handler can see and do while it handles one message. Every effect (state, messages,
 * egress, reply, timers) takes place only if the handler returns normally, and then exactly once.
 *
 * <pre>{@code
 * context.send(Address.of("shop", "audit", order.id()), Types.STRING, "paid");
 * context.egress("notifications", Types.json(Notice.class), new Notice(order.id()));
 * context.reply(Types.STRING, "ok");
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Valid only on the thread running the handler, for the duration of the call.
 */
public interface Context {
  /** The address of the instance handling the message. */
  Address self();

  /** The function that sent the message; empty for messages from ingress or timers. */
  Optional<Address> caller();

  /** The event-time watermark this function has seen, epoch ms. */
  long currentWatermark();

  /** The instance's persisted state. */
  Storage storage();

  /** Sends a message to another function (or to this one). */
  <T> void send(Address target, Type<T> type, T value);

  /**
   * Sends a message to another function (or to this one) with its own event time, epoch ms, instead
   * of the event time of the message being handled. The receiver's watermark is held back by this
   * message as by any other, and never goes back: an event time at or below the watermark makes the
   * message late, as a late element is in Flink (a window drops it or hands it to its late-message
   * handler).
   *
   * <pre>{@code
   * context.send(Address.of("shop", "daily", day), Types.LONG, amount, paidAt);
   * }</pre>
   */
  <T> void send(Address target, Type<T> type, T value, long eventTime);

  /**
   * Sends a message that is delivered after {@code delay}; durable across restarts. To be able to
   * cancel it, send it with {@link #sendAfterCancellable}.
   */
  <T> void sendAfter(Duration delay, Address target, Type<T> type, T value);

  /**
   * As {@link #sendAfter}, returning the message's handle: its id, kept in state, lets a later call
   * cancel the message with {@link #cancelDelayed}. The message is due at {@link
   * #currentProcessingTime} plus {@code delay}.
   *
   * <pre>{@code
   * DelayedMessage reminder =
   *     context.sendAfterCancellable(Duration.ofMinutes(30), context.self(), Types.STRING, "remind");
   * context.storage().set(REMINDER, reminder.id()); // a later "paid" cancels it by this id
   * }</pre>
   */
  <T> DelayedMessage sendAfterCancellable(Duration delay, Address target, Type<T> type, T value);

  /**
   * Cancels the delayed message with this id ({@link DelayedMessage#id}) when this call commits, so
   * that it is never delivered. A message already delivered, or already cancelled, stays as it is:
   * the call then does nothing. A message whose delay has passed counts as delivered.
   *
   * <pre>{@code
   * context.storage().get(REMINDER).ifPresent(context::cancelDelayed);
   * context.storage().remove(REMINDER);
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code id} is not the id of a delayed message
   */
  void cancelDelayed(String id);

  /** Answers a {@code /v1/call}; ignored when the message was not a call. */
  <T> void reply(Type<T> type, T value);

  /** Appends a record to the named egress, e.g. the built-in log egress. */
  <T> void egress(String egressName, Type<T> type, T value);

  /**
   * Appends a record with a key to the named egress. A Kafka egress writes it as the record's key
   * (without one, the key is this instance's id); other egresses keep it with the record. The key
   * is 1..{@value #MAX_EGRESS_KEY_BYTES} bytes of UTF-8, like an address's id.
   *
   * <pre>{@code
   * context.egress("paid-orders", order.id(), Types.json(Order.class), order);
   * }</pre>
   */
  <T> void egress(String egressName, String key, Type<T> type, T value);

  /** The longest key of an egress record, in bytes of UTF-8: an address's id's bound. */
  int MAX_EGRESS_KEY_BYTES = Address.MAX_ID_BYTES;

  /** Registers a timer that fires {@link StatefulFunction#onTimer} when the watermark passes it. */
  void registerEventTimeTimer(long timestamp);

  /**
   * Deletes this instance's event-time timer at {@code timestamp} when this call commits, as
   * Flink's {@code TimerService.deleteEventTimeTimer}: it never fires, even when this call
   * registered it. A timer registered twice is one timer, so one delete removes it; deleting a
   * timer that is not registered (or has fired) does nothing.
   *
   * <pre>{@code
   * context.deleteEventTimeTimer(window.maxTimestamp());
   * }</pre>
   */
  void deleteEventTimeTimer(long timestamp);

  /**
   * Registers a timer that fires {@link StatefulFunction#onProcessingTimer} once the platform's
   * clock reaches {@code timestamp} (epoch ms); durable across restarts, fired exactly once. A
   * timestamp already passed fires as soon as possible. Registering the same timestamp twice for
   * one address fires once.
   *
   * <pre>{@code
   * context.registerProcessingTimeTimer(context.currentProcessingTime() + 30_000); // in 30 s
   * }</pre>
   */
  void registerProcessingTimeTimer(long timestamp);

  /**
   * Deletes this instance's processing-time timer at {@code timestamp} when this call commits; the
   * rules are those of {@link #deleteEventTimeTimer}.
   *
   * <pre>{@code
   * context.deleteProcessingTimeTimer(idleDeadline); // a message came in time
   * }</pre>
   */
  void deleteProcessingTimeTimer(long timestamp);

  /**
   * The platform's processing time (wall clock) when this call started, epoch ms; the same value
   * for the whole call. In {@link StatefulFunction#onProcessingTimer} it is at least the timer's
   * timestamp. {@code FunctionTestDriver} answers its manual clock.
   *
   * <pre>{@code
   * long deadline = context.currentProcessingTime() + Duration.ofMinutes(5).toMillis();
   * }</pre>
   */
  long currentProcessingTime();
}
