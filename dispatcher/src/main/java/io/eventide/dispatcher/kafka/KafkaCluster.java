package io.eventide.dispatcher.kafka;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A named Kafka cluster: where its brokers are, and the client properties (security, SASL, ...)
 * every consumer and producer of Eventide uses with it.
 *
 * @param name {@code [a-z0-9][a-z0-9_.-]{0,63}}
 * @param bootstrapServers {@code host:port[,host:port...]}
 * @param properties extra Kafka client properties, e.g. {@code security.protocol}
 */
public record KafkaCluster(String name, String bootstrapServers, Map<String, String> properties) {
  public KafkaCluster {
    Names.require("cluster", name);
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    properties = Map.copyOf(properties == null ? Map.of() : properties);
    for (String server : bootstrapServers.split(",", -1)) {
      int colon = server.lastIndexOf(':');
      if (colon <= 0 || !server.substring(colon + 1).matches("\\d{1,5}")) {
        throw new ConnectorException(
            ConnectorException.Code.INVALID,
            "bootstrapServers '" + bootstrapServers + "' must be host:port[,host:port...]");
      }
    }
  }

  /** The client configuration: the properties, with the bootstrap servers. */
  public Map<String, Object> clientConfig() {
    Map<String, Object> config = new TreeMap<>(properties);
    config.put("bootstrap.servers", bootstrapServers);
    return config;
  }
}
