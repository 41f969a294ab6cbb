package io.eventide.sdk;

/**
 * A message delivered to a function: a payload with its content type and event time.
 *
 * <pre>{@code
 * long amount = message.as(Types.LONG);
 * Order order = message.as(Types.json(Order.class));
 * }</pre>
 */
public interface Message {
  /** Decodes the payload with {@code type}. */
  <T> T as(Type<T> type);

  /** The raw payload bytes. */
  byte[] payload();

  /** The payload's content type, e.g. {@code application/json}. */
  String contentType();

  /** The message's event time in epoch milliseconds. */
  long eventTime();
}
