package io.eventide.dispatcher.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Asks a Kafka cluster what a configuration needs to know before it is taken (is it there, does the
 * topic exist) and what a subscription's view shows (end offsets), each within a deadline: an
 * unreachable bootstrap costs the caller the deadline, never a hang.
 */
final class KafkaProbe {
  private static final Duration CLOSE = Duration.ofSeconds(1);

  private final Duration timeout;

  KafkaProbe(Duration timeout) {
    this.timeout = timeout;
  }

  /** Checks that the cluster answers; throws UNREACHABLE otherwise. */
  void reach(KafkaCluster cluster) {
    Admin admin = admin(cluster);
    try {
      admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw unreachable(cluster, e);
    } finally {
      admin.close(CLOSE);
    }
  }

  /** The number of partitions of {@code topic}; NOT_FOUND if it does not exist. */
  int partitions(KafkaCluster cluster, String topic) {
    Admin admin = admin(cluster);
    try {
      return partitions(admin, cluster, topic);
    } finally {
      admin.close(CLOSE);
    }
  }

  private int partitions(Admin admin, KafkaCluster cluster, String topic) {
    try {
      TopicDescription description =
          admin
              .describeTopics(List.of(topic))
              .topicNameValues()
              .get(topic)
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return description.partitions().size();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new ConnectorException(
            ConnectorException.Code.NOT_FOUND,
            "topic '" + topic + "' does not exist in Kafka cluster '" + cluster.name() + "'");
      }
      throw unreachable(cluster, e);
    } catch (InterruptedException | TimeoutException e) {
      throw unreachable(cluster, e);
    }
  }

  /**
   * The end offset of each partition of {@code topic}, of at least {@code known} partitions (those
   * the store has offsets of), asked with one client; empty when the cluster does not answer.
   */
  Map<Integer, Long> endOffsets(KafkaCluster cluster, String topic, int known) {
    Map<Integer, Long> ends = new TreeMap<>();
    Admin admin;
    try {
      admin = admin(cluster);
    } catch (ConnectorException e) {
      return ends;
    }
    try {
      int partitions = known;
      try {
        partitions = Math.max(known, partitions(admin, cluster, topic));
      } catch (ConnectorException e) {
        // Deleted or away: the partitions the store knows are still asked for.
      }
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        request.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets =
          admin.listOffsets(request).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      offsets.forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      // The view shows what the store knows; lag is left out while the cluster is away.
    } finally {
      admin.close(CLOSE);
    }
    return ends;
  }

  private Admin admin(KafkaCluster cluster) {
    Map<String, Object> config = cluster.clientConfig();
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "eventide-probe");
    try {
      return Admin.create(config);
    } catch (KafkaException e) {
      // No resolvable bootstrap address, a bad property: the configuration is wrong.
      throw new ConnectorException(
          ConnectorException.Code.INVALID,
          "cannot connect to Kafka cluster '" + cluster.name() + "': " + rootMessage(e));
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }

  private ConnectorException unreachable(KafkaCluster cluster, Exception cause) {
    if (cause instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new ConnectorException(
        ConnectorException.Code.UNREACHABLE,
        "Kafka cluster '"
            + cluster.name()
            + "' at "
            + cluster.bootstrapServers()
            + " did not answer within "
            + timeout.toMillis()
            + " ms");
  }
}
