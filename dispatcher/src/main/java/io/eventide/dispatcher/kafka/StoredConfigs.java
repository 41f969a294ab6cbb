package io.eventide.dispatcher.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stored form of clusters and subscriptions: JSON, so that an operator reading the store (or a
 * newer version) sees what was configured.
 */
final class StoredConfigs {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private StoredConfigs() {}

  static byte[] encode(KafkaCluster cluster) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("name", cluster.name());
    node.put("bootstrapServers", cluster.bootstrapServers());
    ObjectNode properties = node.putObject("properties");
    cluster.properties().forEach(properties::put);
    return write(node);
  }

  static KafkaCluster cluster(byte[] bytes) {
    JsonNode node = read(bytes);
    Map<String, String> properties = new TreeMap<>();
    node.path("properties")
        .properties()
        .forEach(e -> properties.put(e.getKey(), e.getValue().asText()));
    return new KafkaCluster(
        node.path("name").asText(), node.path("bootstrapServers").asText(), properties);
  }

  static byte[] encode(Subscription s) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("id", s.id());
    node.put("cluster", s.cluster());
    node.put("topic", s.topic());
    node.put("namespace", s.namespace());
    node.put("type", s.type());
    node.put("idFrom", s.idFrom());
    node.put("eventTimeFrom", s.eventTimeFrom());
    node.put("outOfOrdernessMillis", s.outOfOrdernessMillis());
    node.put("idleTimeoutMillis", s.idleTimeoutMillis());
    node.put("startLatest", s.startLatest());
    node.put("contentType", s.contentType());
    return write(node);
  }

  static Subscription subscription(byte[] bytes) {
    JsonNode node = read(bytes);
    return new Subscription(
        node.path("id").asText(),
        node.path("cluster").asText(),
        node.path("topic").asText(),
        node.path("namespace").asText(),
        node.path("type").asText(),
        node.path("idFrom").asText(),
        node.path("eventTimeFrom").asText(),
        node.path("outOfOrdernessMillis").asLong(),
        node.path("idleTimeoutMillis").asLong(),
        node.path("startLatest").asBoolean(),
        node.path("contentType").asText());
  }

  private static byte[] write(ObjectNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a connector record", e);
    }
  }

  private static JsonNode read(byte[] bytes) {
    try {
      return MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalStateException("corrupt connector record", e);
    }
  }
}
