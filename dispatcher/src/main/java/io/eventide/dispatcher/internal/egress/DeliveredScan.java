package io.eventide.dispatcher.internal.egress;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads an egress's topic, {@code read_committed}, from the sink's known positions to the end, and
 * finds the highest outbox offset among this egress's records: what the topic already has of it.
 *
 * <p>Run after {@code initTransactions()}, which ended every earlier transaction of the same
 * transactional id (commit completed or aborted), so a committed transaction of this egress is
 * either entirely before the end read or absent. The end is the high watermark at the start,
 * reached in {@code read_committed}: the scan waits for other producers' transactions open below
 * it, within the deadline, rather than stop short of one of ours behind them.
 *
 * <h2>Thread safety</h2>
 *
 * For one thread (the sink's deliverer).
 */
final class DeliveredScan {
  /** highest: the highest outbox offset found, -1 for none; positions: where reading stopped. */
  record Result(long highest, KafkaPositions positions) {}

  private static final Duration POLL = Duration.ofMillis(200);

  private final Map<String, Object> adminConfig;
  private final Map<String, Object> consumerConfig;
  private final String topic;
  private final KafkaRecords records;
  private final Duration deadline;

  DeliveredScan(
      Map<String, Object> adminConfig,
      Map<String, Object> consumerConfig,
      String topic,
      KafkaRecords records,
      Duration deadline) {
    this.adminConfig = adminConfig;
    this.consumerConfig = consumerConfig;
    this.topic = topic;
    this.records = records;
    this.deadline = deadline;
  }

  /** Partitions this sink knows nothing of are read from their beginning. */
  Result scan(KafkaPositions from) throws Exception {
    long until = System.nanoTime() + deadline.toNanos();
    Map<TopicPartition, Long> ends = ends(until);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(ends.keySet());
      for (TopicPartition partition : ends.keySet()) {
        Long start = from.next(partition.partition());
        if (start == null) {
          consumer.seekToBeginning(List.of(partition));
        } else {
          consumer.seek(partition, start);
        }
      }
      long highest = -1;
      Set<TopicPartition> reading = new HashSet<>(ends.keySet());
      reading.removeIf(partition -> consumer.position(partition) >= ends.get(partition));
      while (!reading.isEmpty()) {
        if (System.nanoTime() > until) {
          throw new TimeoutException(
              "reading back topic "
                  + topic
                  + " did not reach its end within "
                  + deadline
                  + " (an open transaction of another producer?): "
                  + reading);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          highest = Math.max(highest, records.outboxOffset(record));
        }
        reading.removeIf(partition -> consumer.position(partition) >= ends.get(partition));
        // Partitions that reached their end stop fetching: what others write later is not ours.
        Set<TopicPartition> done = new HashSet<>(ends.keySet());
        done.removeAll(reading);
        consumer.pause(done);
      }
      Map<Integer, Long> reached = new HashMap<>();
      for (TopicPartition partition : ends.keySet()) {
        reached.put(partition.partition(), consumer.position(partition));
      }
      return new Result(highest, from.advancedTo(reached));
    }
  }

  /** Every partition's high watermark (read_uncommitted: open transactions included). */
  private Map<TopicPartition, Long> ends(long until) throws Exception {
    try (Admin admin = Admin.create(adminConfig)) {
      TopicDescription description;
      try {
        description =
            admin
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get(left(until), TimeUnit.NANOSECONDS)
                .get(topic);
      } catch (ExecutionException e) {
        throw new IllegalStateException(
            "cannot describe topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
      }
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      description
          .partitions()
          .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      Map<TopicPartition, Long> ends = new HashMap<>();
      admin
          .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
          .all()
          .get(left(until), TimeUnit.NANOSECONDS)
          .forEach((partition, info) -> ends.put(partition, info.offset()));
      return ends;
    }
  }

  private static long left(long until) {
    return Math.max(1, until - System.nanoTime());
  }
}
