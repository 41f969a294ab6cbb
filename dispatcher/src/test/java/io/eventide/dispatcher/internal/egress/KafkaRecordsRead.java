package io.eventide.dispatcher.internal.egress;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** What the tests read off a record the Kafka sink wrote. */
final class KafkaRecordsRead {
  private KafkaRecordsRead() {}

  static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  static String recordId(ConsumerRecord<byte[], byte[]> record) {
    return header(record, KafkaRecords.RECORD_ID);
  }

  static String key(ConsumerRecord<byte[], byte[]> record) {
    return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
  }
}
