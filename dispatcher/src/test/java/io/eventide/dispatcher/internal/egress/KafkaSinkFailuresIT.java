package io.eventide.dispatcher.internal.egress;

import static io.eventide.dispatcher.internal.egress.KafkaSinkIT.assertExactlyOnceInSenderOrder;
import static io.eventide.dispatcher.internal.egress.KafkaSinkIT.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.eventide.dispatcher.internal.egress.Sink.Delivered;
import io.eventide.dispatcher.internal.egress.Sink.Position;
import io.eventide.dispatcher.internal.egress.Sink.Rejected;
import io.eventide.testing.kafka.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.internal.DefaultRecord;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the Kafka sink does when the topic refuses a record or the broker is gone. */
class KafkaSinkFailuresIT {
  private static final int MAX_MESSAGE_BYTES = 10_000;
  private KafkaBroker broker;

  @BeforeEach
  void startBroker() {
    broker = KafkaBroker.start();
  }

  @AfterEach
  void stopBroker() {
    broker.close();
  }

  @Test
  void aRecordAtTheTopicsLimitIsDeliveredAndOneByteOverIsRejectedNotRetried() throws Exception {
    broker.createTopic(
        "small", 2, Map.of("max.message.bytes", Integer.toString(MAX_MESSAGE_BYTES)));
    List<OutboxRecord> batch = new ArrayList<>(records(0, 3));
    try (KafkaSink sink = sink("small", Map.of())) {
      sink.resume(new Position(-1, null));
      OutboxRecord atLimit = withBatchSize(records(3, 4).get(0), "small", MAX_MESSAGE_BYTES);
      assertThat(sink.deliver(List.of(atLimit)).rejected()).isEmpty();

      batch.set(1, withBatchSize(batch.get(1), "small", MAX_MESSAGE_BYTES + 1));
      Delivered delivered = sink.deliver(shift(batch, 4));
      assertThat(delivered.offset()).isEqualTo(6);
      assertThat(delivered.rejected())
          .extracting(r -> r.record().recordId())
          .containsExactly("r-1");
      assertThat(delivered.rejected())
          .extracting(Rejected::error)
          .singleElement()
          .asString()
          .contains("too large");
    }
    assertThat(broker.readCommitted("small"))
        .extracting(KafkaRecordsRead::recordId)
        .containsExactlyInAnyOrder("r-3", "r-0", "r-2");
  }

  @Test
  void whileTheBrokerIsDownDeliverFailsInBoundedTimeThenSucceedsOnceWhenItIsBack()
      throws Exception {
    broker.createTopic("outage", 4);
    Map<String, String> quick =
        Map.of("max.block.ms", "2000", "request.timeout.ms", "2000", "delivery.timeout.ms", "4000");
    try (KafkaSink sink = sink("outage", quick)) {
      sink.resume(new Position(-1, null));
      sink.deliver(records(0, 20));
      broker.stop();

      long started = System.nanoTime();
      assertThatThrownBy(() -> sink.deliver(records(20, 40))).isInstanceOf(Exception.class);
      Duration failedAfter = Duration.ofNanos(System.nanoTime() - started);
      System.out.println("deliver failed after " + failedAfter + " with the broker down");
      assertThat(failedAfter).isLessThan(Duration.ofSeconds(30));

      broker.restart();
      AtomicReference<Delivered> delivered = new AtomicReference<>();
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(
              () -> {
                delivered.set(sink.deliver(records(20, 40)));
                return true;
              });
      assertThat(delivered.get().offset()).isEqualTo(39);
    }
    assertExactlyOnceInSenderOrder(broker.readCommitted("outage"), 40);
  }

  /** The record with a payload sized so that a batch holding it alone is exactly {@code bytes}. */
  private static OutboxRecord withBatchSize(OutboxRecord record, String topic, int bytes) {
    ProducerRecord<byte[], byte[]> kafka = new KafkaRecords(topic, "tx-" + topic).toKafka(record);
    int overhead =
        DefaultRecordBatch.RECORD_BATCH_OVERHEAD
            + DefaultRecord.sizeInBytes(0, 0L, kafka.key().length, 0, kafka.headers().toArray());
    int payload = bytes - overhead;
    // The value's length is a varint inside the record: settle the size it takes.
    while (DefaultRecordBatch.RECORD_BATCH_OVERHEAD
            + DefaultRecord.sizeInBytes(
                0, 0L, kafka.key().length, payload, kafka.headers().toArray())
        > bytes) {
      payload--;
    }
    assertThat(
            DefaultRecordBatch.RECORD_BATCH_OVERHEAD
                + DefaultRecord.sizeInBytes(
                    0, 0L, kafka.key().length, payload, kafka.headers().toArray()))
        .as("a batch of exactly %d bytes", bytes)
        .isEqualTo(bytes);
    byte[] value = new byte[payload];
    Arrays.fill(value, (byte) 'x');
    return new OutboxRecord(
        record.offset(),
        record.recordId(),
        record.key(),
        record.senderId(),
        record.contentType(),
        value,
        record.eventTime());
  }

  /** The same records with outbox offsets moved up by {@code by} (record ids kept). */
  private static List<OutboxRecord> shift(List<OutboxRecord> records, long by) {
    return records.stream()
        .map(
            r ->
                new OutboxRecord(
                    r.offset() + by,
                    r.recordId(),
                    r.key(),
                    r.senderId(),
                    r.contentType(),
                    r.payload(),
                    r.eventTime()))
        .toList();
  }

  private KafkaSink sink(String topic, Map<String, String> properties) {
    return new KafkaSink("orders", broker.bootstrapServers(), properties, topic, "tx-" + topic);
  }
}
