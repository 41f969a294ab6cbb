package io.eventide.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
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
  /**
   * What any JSON the gateway parses may hold, written out (Jackson's defaults today) so that the
   * limits the README states and the tests check cannot move with a Jackson upgrade. Past them,
   * parsing fails with a {@code StreamConstraintsException}: a 400 like any malformed JSON.
   */
  static final StreamReadConstraints READ_LIMITS =
      StreamReadConstraints.builder()
          .maxNestingDepth(1000)
          .maxNumberLength(1000)
          .maxNameLength(50_000)
          .maxStringLength(20_000_000)
          .build();

  static final JsonFactory FACTORY =
      JsonFactory.builder().streamReadConstraints(READ_LIMITS).build();
  static final ObjectMapper MAPPER =
      new ObjectMapper(FACTORY).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
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
