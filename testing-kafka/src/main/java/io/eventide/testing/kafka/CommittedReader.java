package io.eventide.testing.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads every partition of a topic as a {@code read_committed} consumer, from the start up to the
 * high watermark taken first. Not up to {@code endOffsets()}: for such a consumer that is the last
 * stable offset, which stays before a transaction whose commit returned but whose markers are not
 * written yet (a commit returns first; after a broker's restart they are written late).
 *
 * <h2>Thread safety</h2>
 *
 * Stateless; each call uses clients of its own.
 */
final class CommittedReader {
  private final Admin admin;
  private final String bootstrapServers;
  private final Duration deadline;

  CommittedReader(Admin admin, String bootstrapServers, Duration deadline) {
    this.admin = admin;
    this.bootstrapServers = bootstrapServers;
    this.deadline = deadline;
  }

  List<ConsumerRecord<byte[], byte[]>> read(String topic) {
    long until = System.nanoTime() + deadline.toNanos();
    Map<TopicPartition, Long> ends = highWatermarks(topic);
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(ends.keySet());
      consumer.seekToBeginning(ends.keySet());
      while (ends.keySet().stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        if (System.nanoTime() > until) {
          throw new IllegalStateException(
              "reading " + topic + " to its high watermarks " + ends + " took over " + deadline);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(read::add);
      }
    }
    return read;
  }

  private Map<TopicPartition, Long> highWatermarks(String topic) {
    try {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(deadline.toSeconds(), TimeUnit.SECONDS)
          .get(topic)
          .partitions()
          .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      Map<TopicPartition, Long> ends = new HashMap<>();
      admin
          .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
          .all()
          .get(deadline.toSeconds(), TimeUnit.SECONDS)
          .forEach((partition, info) -> ends.put(partition, info.offset()));
      return ends;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot list the offsets of " + topic, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted listing the offsets of " + topic, e);
    }
  }
}
