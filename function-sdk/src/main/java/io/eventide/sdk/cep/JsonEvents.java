package io.eventide.sdk.cep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.eventide.sdk.Type;
import java.io.IOException;

/**
 * The events of a {@link JsonPattern}: message bodies as JSON trees. A body that is not JSON reads
 * as {@code null}, which no field comparison takes, so a stray message is skipped by the pattern
 * instead of failing its key's timer again and again.
 */
final class JsonEvents implements Type<JsonNode> {
  static final JsonEvents TYPE = new JsonEvents();

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonEvents() {}

  @Override
  public String contentType() {
    return "application/json";
  }

  @Override
  public byte[] encode(JsonNode value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot encode " + value + ": " + e.getMessage(), e);
    }
  }

  @Override
  public JsonNode decode(byte[] bytes) {
    try {
      JsonNode node = JSON.readTree(bytes);
      return node == null ? NullNode.getInstance() : node;
    } catch (IOException e) {
      return NullNode.getInstance();
    }
  }

  static ObjectMapper mapper() {
    return JSON;
  }
}
