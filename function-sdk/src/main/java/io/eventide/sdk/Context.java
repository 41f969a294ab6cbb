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

  /** Sends a message that is delivered after {@code delay}; durable across restarts. */
  <T> void sendAfter(Duration delay, Address target, Type<T> type, T value);

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
