package io.eventide.dispatcher.internal.egress;

import static io.eventide.dispatcher.internal.egress.KafkaRecordsRead.header;
import static io.eventide.dispatcher.internal.egress.KafkaRecordsRead.key;
import static io.eventide.dispatcher.internal.egress.KafkaRecordsRead.recordId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.dispatcher.internal.egress.Sink.Delivered;
import io.eventide.dispatcher.internal.egress.Sink.Position;
import io.eventide.testing.kafka.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Kafka sink against a real broker: each record once for read_committed, whatever dies. */
class KafkaSinkIT {
  private static final int SENDERS = 7;
  private static KafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = KafkaBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void deliversEachRecordOnceWithKeyTimestampAndHeadersInSenderOrder() throws Exception {
    broker.createTopic("out-basic", 4);
    try (KafkaSink sink = sink("out-basic", "tx-basic")) {
      assertThat(sink.resume(new Position(-1, null))).isEqualTo(-1);
      Delivered first = sink.deliver(records(0, 100));
      Delivered second = sink.deliver(records(100, 250));
      assertThat(first.offset()).isEqualTo(99);
      assertThat(second.offset()).isEqualTo(249);
      assertThat(second.rejected()).isEmpty();
    }
    List<ConsumerRecord<byte[], byte[]>> read = broker.readCommitted("out-basic");
    assertExactlyOnceInSenderOrder(read, 250);
    ConsumerRecord<byte[], byte[]> r7 =
        read.stream().filter(r -> recordId(r).equals("r-7")).findFirst().orElseThrow();
    assertThat(key(r7)).isEqualTo("s0");
    assertThat(r7.timestamp()).isEqualTo(1_000_007L);
    assertThat(header(r7, "content-type")).isEqualTo("application/json");
    assertThat(new String(r7.value(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":7}");
    ConsumerRecord<byte[], byte[]> keyed =
        read.stream().filter(r -> recordId(r).equals("r-10")).findFirst().orElseThrow();
    assertThat(key(keyed)).as("a given key wins over the sender").isEqualTo("given-10");
  }

  @Test
  void aDelivererThatDiedAfterKafkaCommittedIsNeitherRepeatedNorSkipped() throws Exception {
    broker.createTopic("out-crash", 4);
    KafkaSink dead = sink("out-crash", "tx-crash");
    dead.resume(new Position(-1, null));
    Delivered recorded = dead.deliver(records(0, 50));
    dead.deliver(records(50, 120)); // committed in Kafka; the store never recorded it
    // kill -9: the producer is dropped without a word to the broker.

    try (KafkaSink resumed = sink("out-crash", "tx-crash")) {
      long has = resumed.resume(new Position(recorded.offset(), recorded.sinkState()));
      assertThat(has).isEqualTo(119);
      resumed.deliver(records(has + 1, 200));
    }
    dead.close(); // only now: closing first could abort nothing, but a kill -9 does not close
    assertExactlyOnceInSenderOrder(broker.readCommitted("out-crash"), 200);
  }

  @Test
  void aFirstDeliveryNeverRecordedIsFoundFromTheStartOfTheTopic() throws Exception {
    broker.createTopic("out-first", 2);
    KafkaSink dead = sink("out-first", "tx-first");
    dead.resume(new Position(-1, new byte[0]));
    dead.deliver(records(0, 30));
    try (KafkaSink resumed = sink("out-first", "tx-first")) {
      assertThat(resumed.resume(new Position(-1, new byte[0]))).isEqualTo(29);
      resumed.deliver(records(30, 60));
    }
    dead.close();
    assertExactlyOnceInSenderOrder(broker.readCommitted("out-first"), 60);
  }

  @Test
  void aTransactionLeftOpenByADeadDelivererIsAbortedAndSentAgain() throws Exception {
    broker.createTopic("out-open", 4);
    Delivered recorded;
    try (KafkaSink sink = sink("out-open", "tx-open")) {
      sink.resume(new Position(-1, null));
      recorded = sink.deliver(records(0, 40));
    }
    // A deliverer died mid-transaction: records 40..79 sent under the egress's id, never committed.
    KafkaProducer<byte[], byte[]> dying = rawProducer("tx-open");
    dying.initTransactions();
    dying.beginTransaction();
    KafkaRecords asTheSink = new KafkaRecords("out-open", "tx-open");
    records(40, 80).forEach(r -> dying.send(asTheSink.toKafka(r)));
    dying.flush();

    try (KafkaSink resumed = sink("out-open", "tx-open")) {
      assertThat(resumed.resume(new Position(recorded.offset(), recorded.sinkState())))
          .isEqualTo(39);
      resumed.deliver(records(40, 80));
    }
    dying.close();
    assertExactlyOnceInSenderOrder(broker.readCommitted("out-open"), 80);
  }

  @Test
  void aZombieIsFencedAndItsRetryFindsTheRecordsAlreadyThere() throws Exception {
    broker.createTopic("out-zombie", 4);
    try (KafkaSink zombie = sink("out-zombie", "tx-zombie");
        KafkaSink successor = sink("out-zombie", "tx-zombie")) {
      zombie.resume(new Position(-1, null));
      Delivered first = zombie.deliver(records(0, 25));
      assertThat(successor.resume(new Position(first.offset(), first.sinkState()))).isEqualTo(24);

      // Fenced: a send with the old epoch fails (InvalidProducerEpoch), or else the commit does.
      assertThatThrownBy(() -> zombie.deliver(records(25, 50)))
          .satisfies(
              e ->
                  assertThat(causes(e))
                      .anyMatch(
                          t ->
                              t instanceof ProducerFencedException
                                  || t instanceof InvalidProducerEpochException));
      assertThat(successor.deliver(records(25, 50)).offset()).isEqualTo(49);

      // The zombie's deliverer retries the same records: it fences in turn, reads back, sends none.
      Delivered retried = zombie.deliver(records(25, 50));
      assertThat(retried.offset()).isEqualTo(49);
      assertThat(retried.rejected()).isEmpty();
    }
    assertExactlyOnceInSenderOrder(broker.readCommitted("out-zombie"), 50);
  }

  @Test
  void aMissingTopicFailsResumeWithItsName() {
    try (KafkaSink sink = sink("never-created", "tx-missing")) {
      assertThatThrownBy(() -> sink.resume(new Position(-1, null)))
          .hasMessageContaining("cannot describe topic never-created");
    }
  }

  static List<Throwable> causes(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  static void assertExactlyOnceInSenderOrder(List<ConsumerRecord<byte[], byte[]>> read, int count) {
    assertThat(read).extracting(KafkaRecordsRead::recordId).doesNotHaveDuplicates();
    assertThat(read)
        .extracting(KafkaRecordsRead::recordId)
        .containsExactlyInAnyOrderElementsOf(
            LongStream.range(0, count).mapToObj(i -> "r-" + i).toList());
    Map<String, List<Long>> bySender = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : read) {
      if (!key(record).startsWith("given-")) {
        bySender
            .computeIfAbsent(key(record), k -> new ArrayList<>())
            .add(Long.parseLong(header(record, KafkaRecords.OUTBOX_OFFSET)));
      }
    }
    bySender.values().forEach(offsets -> assertThat(offsets).isSorted());
  }

  /** Records [from, to): sender s(i % 7); every tenth has a key of its own. */
  static List<OutboxRecord> records(long from, long to) {
    List<OutboxRecord> records = new ArrayList<>();
    for (long i = from; i < to; i++) {
      records.add(
          new OutboxRecord(
              i,
              "r-" + i,
              i % 10 == 0 ? "given-" + i : null,
              "s" + (i % SENDERS),
              "application/json",
              ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8),
              1_000_000 + i));
    }
    return records;
  }

  private static KafkaSink sink(String topic, String transactionalId) {
    return new KafkaSink("orders", broker.bootstrapServers(), Map.of(), topic, transactionalId);
  }

  private static KafkaProducer<byte[], byte[]> rawProducer(String transactionalId) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
