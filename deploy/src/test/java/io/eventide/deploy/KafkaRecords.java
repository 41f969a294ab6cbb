package io.eventide.deploy;

import io.eventide.testing.kafka.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The keyed workload of the Kafka tests: record {@code i} goes to partition {@code i % partitions}
 * with key {@code u<i % keys>}, value {@code 1} and timestamp {@code first + i}, so each
 * partition's timestamps rise and no record is late for its partition's watermark. The tumbling
 * one-second windows of {@code bench/window-count} then fire exactly the per-key, per-second counts
 * (what Flink's window operator fires on the same records), once a last record per partition moves
 * every watermark past them.
 */
final class KafkaRecords {
  static final long FIRST = 1_000_000;

  private KafkaRecords() {}

  static void produce(KafkaBroker broker, String topic, int partitions, int records, int keys) {
    try (KafkaProducer<byte[], byte[]> producer = producer(broker)) {
      for (int i = 0; i < records; i++) {
        producer.send(
            new ProducerRecord<>(
                topic, i % partitions, FIRST + i, bytes("u" + (i % keys)), bytes("1")));
      }
      // One record per partition far ahead: every partition's watermark passes every window.
      for (int p = 0; p < partitions; p++) {
        producer.send(
            new ProducerRecord<>(topic, p, FIRST + records + 60_000L, bytes("end"), bytes("1")));
      }
      producer.flush();
    }
  }

  /** Per key, the count of each one-second window: {@code "u7@1000000" -> 12}. */
  static Map<String, Long> expectedWindows(int partitions, int records, int keys) {
    Map<String, Long> windows = new TreeMap<>();
    for (int i = 0; i < records; i++) {
      long start = (FIRST + i) / 1000 * 1000;
      windows.merge("u" + (i % keys) + "@" + start, 1L, Long::sum);
    }
    return windows;
  }

  static KafkaProducer<byte[], byte[]> producer(KafkaBroker broker) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
