package io.eventide.dispatcher.internal.egress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * A Kafka cluster as the store holds it ({@code kafka-clusters/<name>}, written by the Kafka
 * registry), read where a Kafka egress needs it.
 */
record StoredCluster(String bootstrapServers, Map<String, String> properties) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CHECK = Duration.ofSeconds(5);

  static StoredCluster parse(byte[] stored) {
    try {
      JsonNode node = JSON.readTree(stored);
      Map<String, String> properties = new TreeMap<>();
      node.path("properties")
          .properties()
          .forEach(e -> properties.put(e.getKey(), e.getValue().asText()));
      return new StoredCluster(node.path("bootstrapServers").asText(), properties);
    } catch (IOException e) {
      throw new IllegalStateException("corrupt Kafka cluster record", e);
    }
  }

  /** Throws {@link IllegalArgumentException} unless the cluster answers and holds {@code topic}. */
  void requireTopic(String cluster, String topic) {
    Map<String, Object> config = new HashMap<>(properties);
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CHECK.toMillis());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CHECK.toMillis());
    Admin admin;
    try {
      admin = Admin.create(config);
    } catch (KafkaException e) {
      throw new IllegalArgumentException(
          "cannot connect to Kafka cluster '" + cluster + "': " + e.getMessage(), e);
    }
    try {
      admin
          .describeTopics(java.util.List.of(topic))
          .allTopicNames()
          .get(CHECK.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new IllegalArgumentException(
            "topic '" + topic + "' does not exist in Kafka cluster '" + cluster + "'", e);
      }
      throw unreachable(cluster, e);
    } catch (TimeoutException e) {
      throw unreachable(cluster, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(cluster, e);
    } finally {
      admin.close(Duration.ofSeconds(1));
    }
  }

  private IllegalArgumentException unreachable(String cluster, Exception cause) {
    return new IllegalArgumentException(
        "Kafka cluster '"
            + cluster
            + "' at "
            + bootstrapServers
            + " did not answer within "
            + CHECK.toSeconds()
            + " s",
        cause);
  }
}
