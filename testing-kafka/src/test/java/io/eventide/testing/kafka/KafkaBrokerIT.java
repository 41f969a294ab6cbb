package io.eventide.testing.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaBrokerIT {

  @Test
  void transactionsCommitAndAbortForReadCommittedConsumers_thenCloseEndsTheProcess()
      throws Exception {
    long started = System.nanoTime();
    KafkaBroker broker = KafkaBroker.start();
    long pid;
    try (broker) {
      System.out.printf(
          "broker ready in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      pid = broker.pid();
      assertThat(ProcessHandle.of(pid)).get().matches(ProcessHandle::isAlive);
      broker.createTopic("events", 4);

      try (KafkaProducer<String, String> producer = producer(broker, "it-tx")) {
        producer.initTransactions();
        producer.beginTransaction();
        for (int i = 0; i < 100; i++) {
          producer.send(new ProducerRecord<>("events", "k" + i, "committed-" + i));
        }
        producer.commitTransaction();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("events", "k0", "aborted"));
        producer.flush();
        producer.abortTransaction();
      }

      List<ConsumerRecord<String, String>> read = readAll(broker, "events", 4);
      assertThat(read).hasSize(100);
      assertThat(read).extracting(ConsumerRecord::value).doesNotContain("aborted");
      assertThat(read).extracting(ConsumerRecord::partition).containsOnly(0, 1, 2, 3);
      assertThat(Files.readString(broker.logFile())).contains("Kafka Server started");
    }
    assertThat(ProcessHandle.of(pid)).isEmpty();
  }

  @Test
  void stopKillsTheNodeAndRestartBringsItBackWithItsData() throws Exception {
    try (KafkaBroker broker = KafkaBroker.start()) {
      broker.createTopic("kept", 1);
      try (KafkaProducer<String, String> producer = producer(broker, "it-restart")) {
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("kept", "k", "before"));
        producer.commitTransaction();
      }
      long first = broker.pid();
      broker.stop();
      assertThat(ProcessHandle.of(first)).isEmpty();

      broker.restart();
      assertThat(broker.pid()).isNotEqualTo(first);
      assertThat(readAll(broker, "kept", 1))
          .extracting(ConsumerRecord::value)
          .containsExactly("before");
    }
  }

  @Test
  void closeDeletesTheDirectoryAndKeepsTheLog() {
    KafkaBroker broker = KafkaBroker.start();
    Path dir = broker.dir();
    assertThat(dir.resolve("data")).isDirectory();
    broker.close();
    assertThat(dir).doesNotExist();
    assertThat(broker.logFile()).exists();
  }

  private static KafkaProducer<String, String> producer(KafkaBroker broker, String txId) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, txId);
    return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  /** Reads every partition from the start to its read_committed end. */
  private static List<ConsumerRecord<String, String>> readAll(
      KafkaBroker broker, String topic, int partitions) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<String, String>> read = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> all = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        all.add(new TopicPartition(topic, p));
      }
      consumer.assign(all);
      consumer.seekToBeginning(all);
      Map<TopicPartition, Long> end = consumer.endOffsets(all);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (all.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        assertThat(System.nanoTime()).as("read to the end within 30 s").isLessThan(deadline);
        consumer.poll(Duration.ofMillis(200)).forEach(read::add);
      }
    }
    return read;
  }
}
