package io.eventide.parity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * What one system produced for one stream: its firings in output order and its late records. Both
 * sides' JSON ({@link Firing}, {@link LateRecord}) is parsed here, and results are kept as
 * re-written JSON text, so that equal values compare equal whichever side wrote them.
 *
 * @param firings every firing, in the order the system emitted them
 * @param late every late record, in the order the system emitted them
 */
record Outcome(List<Fired> firings, List<LateRecord> late) {
  static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One firing, its result as canonical JSON text.
   *
   * @param key the key
   * @param start window start
   * @param end window end, exclusive
   * @param result the result, e.g. {@code {"count":3,"sum":42}}
   */
  record Fired(String key, long start, long end, String result) {
    String window() {
      return key + " [" + start + ", " + end + ")";
    }
  }

  /** Parses a {@link Firing} written as JSON. */
  static Fired parseFiring(String json) {
    JsonNode node = tree(json);
    return new Fired(
        node.path("key").asText(),
        node.path("start").asLong(),
        node.path("end").asLong(),
        node.path("result").toString());
  }

  /** Parses a {@link LateRecord} written as JSON. */
  static LateRecord parseLate(String json) {
    JsonNode node = tree(json);
    return new LateRecord(
        node.path("key").asText(), node.path("timestamp").asLong(), node.path("value").asLong());
  }

  /**
   * Writes {@code value} ({@link Firing}, {@link LateRecord}) as JSON, as the Eventide functions
   * do.
   */
  static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + value, e);
    }
  }

  private static JsonNode tree(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      if (node == null || !node.isObject() || !node.has("key")) {
        throw new IllegalArgumentException("not a parity record: " + json);
      }
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + json, e);
    }
  }
}
