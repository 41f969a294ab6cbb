package io.eventide.dispatcher.internal.egress;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * How an outbox record of one egress becomes a Kafka record, and how the sink recognises its own
 * records when it reads the topic back.
 *
 * <p>The contract's headers are {@code content-type} and {@code eventide-record-id}. Two more,
 * {@code eventide-egress} (the egress's transactional id, unique per deployment and egress) and
 * {@code eventide-outbox-offset}, let a resumed sink find the last record it delivered whatever
 * else is written to the topic.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable.
 */
final class KafkaRecords {
  static final String CONTENT_TYPE = "content-type";
  static final String RECORD_ID = "eventide-record-id";
  static final String EGRESS = "eventide-egress";
  static final String OUTBOX_OFFSET = "eventide-outbox-offset";

  private final String topic;
  private final byte[] egress;

  KafkaRecords(String topic, String egressIdentity) {
    this.topic = topic;
    this.egress = egressIdentity.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Key: the given key, else the sender's id (so one sender's records share a partition and keep
   * their order). Timestamp: the event time; Kafka refuses negative timestamps, so a record without
   * one (below 0) takes the broker's time.
   */
  ProducerRecord<byte[], byte[]> toKafka(OutboxRecord record) {
    String key = record.effectiveKey();
    List<Header> headers = new ArrayList<>(4);
    if (record.contentType() != null) {
      headers.add(header(CONTENT_TYPE, record.contentType()));
    }
    headers.add(header(RECORD_ID, record.recordId()));
    headers.add(new RecordHeader(EGRESS, egress));
    headers.add(header(OUTBOX_OFFSET, Long.toString(record.offset())));
    return new ProducerRecord<>(
        topic,
        null,
        record.eventTime() >= 0 ? record.eventTime() : null,
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        record.payload(),
        headers);
  }

  /** The outbox offset a record read back carries, or -1 when it is not this egress's. */
  long outboxOffset(ConsumerRecord<?, ?> record) {
    Header from = record.headers().lastHeader(EGRESS);
    if (from == null || !Arrays.equals(from.value(), egress)) {
      return -1;
    }
    Header offset = record.headers().lastHeader(OUTBOX_OFFSET);
    if (offset == null) {
      return -1;
    }
    try {
      return Long.parseLong(new String(offset.value(), StandardCharsets.UTF_8));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Header header(String name, String value) {
    return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
