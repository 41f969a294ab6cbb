package io.eventide.dispatcher.internal.ingress;

import com.google.protobuf.CodedOutputStream;
import io.eventide.dispatcher.api.IngressMessage;
import io.eventide.protocol.Address;
import io.eventide.protocol.InboxEntry;
import io.eventide.protocol.Payload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Serializes a bulk request's events as unstamped inbox entries, byte for byte what {@code
 * IngressWriter.entry(...).toByteArray()} produces, without building the messages. A request's
 * events share their namespace, type, source and content type, so their UTF-8 is encoded once and
 * copied; only id, message id and idempotency key are encoded per event. Protobuf writes fields in
 * number order and leaves out proto3 defaults; so does this, which {@code EntryEncoderTest} holds
 * to the generated code.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe: one instance per request (it keeps the last strings it encoded).
 */
final class EntryEncoder {
  private static final int TARGET = tag(InboxEntry.TARGET_FIELD_NUMBER);
  private static final int PAYLOAD = tag(InboxEntry.PAYLOAD_FIELD_NUMBER);
  private static final int EVENT_TIME = InboxEntry.EVENT_TIME_FIELD_NUMBER << 3; // varint
  private static final int MESSAGE_ID = tag(InboxEntry.MESSAGE_ID_FIELD_NUMBER);
  private static final int SOURCE = tag(InboxEntry.SOURCE_FIELD_NUMBER);
  private static final int IDEMPOTENCY_KEY = tag(InboxEntry.IDEMPOTENCY_KEY_FIELD_NUMBER);
  private static final int TRACEPARENT = tag(InboxEntry.TRACEPARENT_FIELD_NUMBER);
  private static final int NAMESPACE = tag(Address.NAMESPACE_FIELD_NUMBER);
  private static final int TYPE = tag(Address.TYPE_FIELD_NUMBER);
  private static final int ID = tag(Address.ID_FIELD_NUMBER);
  private static final int CONTENT_TYPE = tag(Payload.CONTENT_TYPE_FIELD_NUMBER);
  private static final int DATA = tag(Payload.DATA_FIELD_NUMBER);

  private final Utf8Cache namespace = new Utf8Cache();
  private final Utf8Cache type = new Utf8Cache();
  private final Utf8Cache source = new Utf8Cache();
  private final Utf8Cache contentType = new Utf8Cache();

  /**
   * The entry of {@code m} with {@code messageId} ("" for none), as ingested from {@code
   * sourceName} at {@code now}.
   */
  byte[] encode(IngressMessage m, String messageId, String sourceName, long now) {
    byte[] ns = namespace.of(m.namespace());
    byte[] ty = type.of(m.type());
    byte[] src = source.of(sourceName);
    byte[] ct = contentType.of(m.contentTypeOrDefault());
    String id = m.id();
    int addressSize = bytesSize(ns.length) + bytesSize(ty.length) + stringSize(id);
    int payloadSize = bytesSize(ct.length) + bytesSize(m.payload().length);
    long eventTime = m.eventTimeOr(now);
    String key = m.idempotencyKey() == null ? "" : m.idempotencyKey();
    String traceparent = m.traceparent() == null ? "" : m.traceparent();
    int size =
        1
            + CodedOutputStream.computeUInt32SizeNoTag(addressSize)
            + addressSize
            + 1
            + CodedOutputStream.computeUInt32SizeNoTag(payloadSize)
            + payloadSize
            + (eventTime == 0 ? 0 : 1 + CodedOutputStream.computeInt64SizeNoTag(eventTime))
            + stringSize(messageId)
            + bytesSize(src.length)
            + stringSize(key)
            + stringSize(traceparent);
    byte[] out = new byte[size];
    CodedOutputStream stream = CodedOutputStream.newInstance(out);
    try {
      stream.writeUInt32NoTag(TARGET);
      stream.writeUInt32NoTag(addressSize);
      bytes(stream, NAMESPACE, ns);
      bytes(stream, TYPE, ty);
      string(stream, ID, id);
      stream.writeUInt32NoTag(PAYLOAD);
      stream.writeUInt32NoTag(payloadSize);
      bytes(stream, CONTENT_TYPE, ct);
      bytes(stream, DATA, m.payload());
      if (eventTime != 0) {
        stream.writeUInt32NoTag(EVENT_TIME);
        stream.writeInt64NoTag(eventTime);
      }
      string(stream, MESSAGE_ID, messageId);
      bytes(stream, SOURCE, src);
      string(stream, IDEMPOTENCY_KEY, key);
      string(stream, TRACEPARENT, traceparent);
      stream.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException("sized exactly above", e);
    }
    return out;
  }

  private static int tag(int field) {
    return (field << 3) | 2; // length-delimited
  }

  /** A length-delimited field of one-byte tag; absent when empty, as proto3 leaves defaults out. */
  private static int bytesSize(int length) {
    return length == 0 ? 0 : 1 + CodedOutputStream.computeUInt32SizeNoTag(length) + length;
  }

  /** A string field of one-byte tag; absent when empty. */
  private static int stringSize(String value) {
    return value.isEmpty() ? 0 : 1 + CodedOutputStream.computeStringSizeNoTag(value);
  }

  private static void bytes(CodedOutputStream stream, int tag, byte[] value) throws IOException {
    if (value.length > 0) {
      stream.writeUInt32NoTag(tag);
      stream.writeUInt32NoTag(value.length);
      stream.writeRawBytes(value);
    }
  }

  private static void string(CodedOutputStream stream, int tag, String value) throws IOException {
    if (!value.isEmpty()) {
      stream.writeUInt32NoTag(tag);
      stream.writeStringNoTag(value);
    }
  }

  /**
   * The UTF-8 of the last string asked for. Protobuf writes a string with unpaired surrogates as
   * {@link String#getBytes} does, so these bytes are what it would write.
   */
  private static final class Utf8Cache {
    private String last;
    private byte[] bytes;

    byte[] of(String value) {
      // The parser shares a request's equal strings, so the reference check is the usual hit.
      if (value != last && !value.equals(last)) {
        bytes = value.getBytes(StandardCharsets.UTF_8);
        last = value;
      }
      return bytes;
    }
  }
}
