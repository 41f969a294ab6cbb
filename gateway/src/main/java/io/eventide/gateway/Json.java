package io.eventide.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The gateway's shared Jackson setup and JSON response helper.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe: the mapper is configured once and then only used.
 */
final class Json {
  static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  static final JsonFactory FACTORY = MAPPER.getFactory();
  static final String CONTENT_TYPE = "application/json";

  private Json() {}

  /** Sends {@code body} as JSON with {@code status} and ends the exchange. */
  static void send(HttpServerExchange exchange, int status, Object body) {
    byte[] bytes;
    try {
      bytes = MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("response not serializable as JSON", e);
    }
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, CONTENT_TYPE);
    exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
  }

  /** Parses {@code bytes} as one JSON value, or returns null when they are not JSON. */
  static JsonNode parseOrNull(byte[] bytes) {
    if (bytes.length == 0) {
      return null;
    }
    try {
      return MAPPER.readTree(bytes);
    } catch (IOException notJson) {
      return null; // the caller shows such bytes as base64 instead
    }
  }
}
