package io.eventide.gateway;

import io.eventide.dispatcher.api.IngressMessage;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

/**
 * Reads and validates the message headers of send and call ({@link MessageRequest}): idempotency
 * key, event time, content type. The key's rule also holds for NDJSON lines.
 */
final class MessageHeaders {
  static final HttpString IDEMPOTENCY_KEY = new HttpString("Idempotency-Key");
  static final HttpString EVENT_TIME = new HttpString("X-Event-Time");
  static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
  static final int MAX_IDEMPOTENCY_KEY_CHARS = 256;

  /** Stored with every message: RFC 6838 allows 127 characters per name, parameters need some. */
  static final int MAX_CONTENT_TYPE_CHARS = 1024;

  private MessageHeaders() {}

  /** The key, null when absent; 400 when empty, over 256 characters or not printable ASCII. */
  static String idempotencyKey(HttpServerExchange exchange) {
    String key =
        checkIdempotencyKey(
            exchange.getRequestHeaders().getFirst(IDEMPOTENCY_KEY), "Idempotency-Key");
    if (key != null && !Printable.ascii(key)) {
      throw ApiException.invalid(
          "Idempotency-Key must be printable ASCII, was '" + Printable.quote(key) + "'");
    }
    return key;
  }

  /** Checks a key from a header or an NDJSON line ({@code where} names it in the message). */
  static String checkIdempotencyKey(String key, String where) {
    if (key != null && (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY_CHARS)) {
      throw ApiException.invalid(
          where + " must be 1.." + MAX_IDEMPOTENCY_KEY_CHARS + " characters, was " + key.length());
    }
    return key;
  }

  /** Epoch ms from {@code X-Event-Time}, or {@link IngressMessage#INGESTION_TIME}. */
  static long eventTime(HttpServerExchange exchange) {
    String value = exchange.getRequestHeaders().getFirst(EVENT_TIME);
    if (value == null) {
      return IngressMessage.INGESTION_TIME;
    }
    try {
      long millis = Long.parseLong(value.trim());
      if (millis >= 0) {
        return millis;
      }
    } catch (NumberFormatException e) {
      // falls through to the one message below
    }
    throw ApiException.invalid(
        "X-Event-Time must be epoch milliseconds as a non-negative integer, was '"
            + Printable.quote(value)
            + "'");
  }

  /** The request's content type, passed to the function as is; 400 unless printable ASCII. */
  static String contentType(HttpServerExchange exchange) {
    String value = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
    if (value == null || value.isBlank()) {
      return DEFAULT_CONTENT_TYPE;
    }
    if (value.length() > MAX_CONTENT_TYPE_CHARS || !Printable.ascii(value)) {
      throw ApiException.invalid(
          "Content-Type must be printable ASCII of at most "
              + MAX_CONTENT_TYPE_CHARS
              + " characters, was '"
              + Printable.quote(value)
              + "'");
    }
    return value;
  }
}
