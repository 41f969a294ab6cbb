package io.eventide.sdk;

/**
 * How values of {@code T} are written to and read from bytes, with the content type they carry. Use
 * the ready ones in {@link Types}, or implement your own.
 *
 * <pre>{@code
 * Type<Order> orders = Types.json(Order.class);
 * byte[] bytes = orders.encode(order);
 * }</pre>
 *
 * @param <T> the value type
 */
public interface Type<T> {
  /** The content type of encoded values, e.g. {@code application/json}. */
  String contentType();

  /** Encodes a value. */
  byte[] encode(T value);

  /** Decodes a value; throws {@link IllegalArgumentException} when the bytes are not one. */
  T decode(byte[] bytes);
}
