package io.eventide.dispatcher.kafka;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventide.dispatcher.api.IngressMessage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Turns a Kafka record into the message it stands for, as its subscription says: the id from the
 * key, the partition or a JSON field, the event time from the timestamp or a JSON field. A record
 * that does not say what it must is {@link Rejected}, to be dead-lettered with its partition and
 * offset; it never stops its partition.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable.
 */
final class RecordMapper {
  /** API.md's limit on a message payload (the SDK's {@code Limits}). */
  static final int MAX_PAYLOAD_BYTES = 1 << 20;

  /** API.md's limit on an id. */
  static final int MAX_ID_BYTES = 256;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Subscription subscription;
  private final JsonPointer idPointer;
  private final JsonPointer timePointer;

  RecordMapper(Subscription subscription) {
    this.subscription = subscription;
    this.idPointer =
        subscription.idFrom().startsWith("/")
            ? Subscription.pointer("id", subscription.idFrom())
            : null;
    this.timePointer =
        subscription.eventTimeFrom().startsWith("/")
            ? Subscription.pointer("eventTime", subscription.eventTimeFrom())
            : null;
  }

  /** Why a record was not taken. */
  static final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;

    Rejected(String message) {
      super(message, null, false, false);
    }
  }

  IngressMessage map(ConsumerRecord<byte[], byte[]> record) throws Rejected {
    byte[] payload = record.value() == null ? new byte[0] : record.value();
    if (payload.length > MAX_PAYLOAD_BYTES) {
      throw new Rejected(
          "the value has "
              + payload.length
              + " bytes; a message holds at most "
              + MAX_PAYLOAD_BYTES);
    }
    JsonNode json = idPointer != null || timePointer != null ? json(record.value()) : null;
    return new IngressMessage(
        subscription.namespace(),
        subscription.type(),
        id(record, json),
        payload,
        contentType(record),
        eventTime(record, json),
        null);
  }

  private static JsonNode json(byte[] value) throws Rejected {
    if (value == null) {
      throw new Rejected("the record has no value, and the subscription reads fields of it");
    }
    try {
      return MAPPER.readTree(value);
    } catch (IOException e) {
      throw new Rejected("the value is not JSON: " + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "malformed";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private String id(ConsumerRecord<byte[], byte[]> record, JsonNode json) throws Rejected {
    String id;
    if (idPointer != null) {
      JsonNode node = json.at(idPointer);
      if (!node.isTextual() && !node.isIntegralNumber()) {
        throw new Rejected("the value has no text or integer at " + subscription.idFrom());
      }
      id = node.asText();
    } else if (subscription.idFrom().equals(Subscription.ID_FROM_PARTITION)) {
      id = Integer.toString(record.partition());
    } else if (record.key() == null) {
      throw new Rejected("the record has no key");
    } else {
      id = utf8(record.key());
      if (id == null) {
        throw new Rejected("the key is not UTF-8");
      }
    }
    int bytes = id.getBytes(StandardCharsets.UTF_8).length;
    if (bytes == 0 || bytes > MAX_ID_BYTES) {
      throw new Rejected("the id has " + bytes + " bytes; ids have 1.." + MAX_ID_BYTES);
    }
    return id;
  }

  private long eventTime(ConsumerRecord<byte[], byte[]> record, JsonNode json) throws Rejected {
    if (timePointer == null) {
      // A record without a timestamp (-1, from a very old producer) takes its ingestion time.
      return record.timestamp() >= 0 ? record.timestamp() : IngressMessage.INGESTION_TIME;
    }
    JsonNode node = json.at(timePointer);
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw new Rejected("the value has no integer (epoch ms) at " + subscription.eventTimeFrom());
    }
    return node.asLong();
  }

  private String contentType(ConsumerRecord<byte[], byte[]> record) {
    Header header = record.headers().lastHeader("content-type");
    if (header != null && header.value() != null) {
      String value = utf8(header.value());
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return subscription.contentType();
  }

  static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
