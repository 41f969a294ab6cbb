package io.eventide.testing.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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

      List<ConsumerRecord<byte[], byte[]>> read = broker.readCommitted("events");
      assertThat(read).hasSize(100);
      assertThat(read).extracting(KafkaBrokerIT::value).doesNotContain("aborted");
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
      assertThat(broker.readCommitted("kept"))
          .extracting(KafkaBrokerIT::value)
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

  private static String value(ConsumerRecord<byte[], byte[]> record) {
    return new String(record.value(), StandardCharsets.UTF_8);
  }
}
