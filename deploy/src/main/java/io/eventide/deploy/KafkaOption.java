package io.eventide.deploy;

import io.eventide.dispatcher.kafka.ConnectorException;
import io.eventide.dispatcher.kafka.KafkaCluster;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --kafka NAME=BOOTSTRAP}, the launcher's twin of {@code PUT /v1/kafka-clusters/{name}}: the
 * clusters are stored at start, without waiting for them to answer, so a node starts while its
 * Kafka is still coming up.
 */
final class KafkaOption {
  @Option(
      names = "--kafka",
      paramLabel = "NAME=BOOTSTRAP",
      split = ";",
      defaultValue = "${env:EVENTIDE_KAFKA}",
      description =
          "A named Kafka cluster, e.g. local=127.0.0.1:9092; repeatable (env EVENTIDE_KAFKA,"
              + " ';'-separated).")
  List<String> clusters = new ArrayList<>();

  /** The clusters given, checked; a later one of a name wins. */
  List<KafkaCluster> clusters(CommandSpec spec) {
    Map<String, KafkaCluster> parsed = new LinkedHashMap<>();
    for (String text : Objects.requireNonNullElse(clusters, List.<String>of())) {
      if (text.isBlank()) {
        continue;
      }
      int equals = text.indexOf('=');
      if (equals <= 0) {
        throw Usage.error(spec, "--kafka '" + text + "' must be NAME=HOST:PORT[,HOST:PORT...]");
      }
      try {
        KafkaCluster cluster =
            new KafkaCluster(
                text.substring(0, equals).trim(), text.substring(equals + 1).trim(), Map.of());
        parsed.put(cluster.name(), cluster);
      } catch (ConnectorException e) {
        throw Usage.error(spec, "--kafka: " + e.getMessage(), e);
      }
    }
    return List.copyOf(parsed.values());
  }
}
