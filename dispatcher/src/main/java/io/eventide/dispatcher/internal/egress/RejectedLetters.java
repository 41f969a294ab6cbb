package io.eventide.dispatcher.internal.egress;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventide.dispatcher.internal.commit.DeadLetters;
import io.eventide.protocol.OutboxRecord;
import io.eventide.protocol.Payload;
import java.io.IOException;
import java.util.Base64;

/**
 * The {@code dead-letters} record of an egress record its sink refused for good (an HTTP sink's
 * 4xx): where it was going, the sink's answer, and the record, in the shape of the dead letters of
 * failed messages ({@code error.code}, {@code error.message}, {@code payload} or {@code
 * payloadBase64}).
 */
final class RejectedLetters {
  /** The error code of a record its sink refused. */
  static final String CODE = "EGRESS_REJECTED";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private RejectedLetters() {}

  /** The outbox record to append to {@code dead-letters}. */
  static byte[] record(String egress, Sink.Rejected rejected) {
    io.eventide.dispatcher.internal.egress.OutboxRecord record = rejected.record();
    ObjectNode node = MAPPER.createObjectNode();
    node.put("egress", egress);
    node.put("recordId", record.recordId());
    node.put("offset", record.offset());
    if (record.key() != null) {
      node.put("key", record.key());
    }
    if (record.senderId() != null) {
      node.put("senderId", record.senderId());
    }
    node.putObject("error").put("code", CODE).put("message", rejected.error());
    node.put("contentType", record.contentType());
    String text = DeadLetters.utf8(record.payload());
    if (text != null) {
      node.put("payload", text);
    } else {
      node.put("payloadBase64", Base64.getEncoder().encodeToString(record.payload()));
    }
    node.put("eventTime", record.eventTime());
    byte[] json;
    try {
      json = MAPPER.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a dead-letter record", e);
    }
    return OutboxRecord.newBuilder()
        .setPayload(
            Payload.newBuilder()
                .setContentType("application/json")
                .setData(com.google.protobuf.ByteString.copyFrom(json)))
        .setEventTime(record.eventTime())
        .setRecordId(record.recordId() + ".dead")
        .build()
        .toByteArray();
  }
}
