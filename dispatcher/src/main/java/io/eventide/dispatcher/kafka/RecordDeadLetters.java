package io.eventide.dispatcher.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventide.protocol.OutboxRecord;
import io.eventide.protocol.Payload;
import io.eventide.store.Transaction;
import io.eventide.store.keyspace.Keyspace;
import io.eventide.store.keyspace.LargeValues;
import java.util.Base64;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The {@code dead-letters} record of a Kafka record that could not be taken: where it was
 * (subscription, topic, partition, offset), why, and what it held.
 */
final class RecordDeadLetters {
  static final String EGRESS = "dead-letters";

  /**
   * Versionstamp user versions from the middle up: the inbox writer of the same transaction hands
   * them out from 0, and a transaction holds far fewer than 32,768 chunks.
   */
  private static final int FIRST_USER_VERSION = 1 << 15;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final byte[] NO_SUFFIX = new byte[0];

  private RecordDeadLetters() {}

  /** Writes the dead letter of the {@code n}th rejected record of a transaction. */
  static void write(
      Transaction tx,
      Keyspace keyspace,
      Subscription subscription,
      ConsumerRecord<byte[], byte[]> record,
      String error,
      int n) {
    byte[] body = describe(subscription, record, error);
    byte[] value =
        OutboxRecord.newBuilder()
            .setPayload(
                Payload.newBuilder()
                    .setContentType("application/json")
                    .setData(com.google.protobuf.ByteString.copyFrom(body)))
            .setEventTime(Math.max(0, record.timestamp()))
            .setRecordId(
                "kafka-" + subscription.id() + "-" + record.partition() + "-" + record.offset())
            .build()
            .toByteArray();
    LargeValues.setVersionstamped(
        tx, keyspace.outbox(EGRESS), FIRST_USER_VERSION + n, NO_SUFFIX, value);
  }

  private static byte[] describe(
      Subscription subscription, ConsumerRecord<byte[], byte[]> record, String error) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("source", subscription.source());
    node.put("subscription", subscription.id());
    node.put("target", subscription.target());
    node.put("topic", record.topic());
    node.put("partition", record.partition());
    node.put("offset", record.offset());
    node.put("timestamp", record.timestamp());
    node.putObject("error").put("code", "BAD_RECORD").put("message", error);
    put(node, "key", record.key());
    // A rejected value may be large (over the payload limit): keep its head, enough to find it.
    byte[] value = record.value();
    if (value != null && value.length > 64 * 1024) {
      node.put("payloadBytes", value.length);
      value = java.util.Arrays.copyOf(value, 64 * 1024);
    }
    put(node, "payload", value);
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a dead-letter record", e);
    }
  }

  private static void put(ObjectNode node, String field, byte[] bytes) {
    if (bytes == null) {
      return;
    }
    String text = RecordMapper.utf8(bytes);
    if (text != null) {
      node.put(field, text);
    } else {
      node.put(field + "Base64", Base64.getEncoder().encodeToString(bytes));
    }
  }
}
