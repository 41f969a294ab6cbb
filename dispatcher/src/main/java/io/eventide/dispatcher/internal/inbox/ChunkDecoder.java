package io.eventide.dispatcher.internal.inbox;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.eventide.dispatcher.internal.routing.Addresses;
import io.eventide.protocol.Address;
import io.eventide.protocol.InboxChunk;
import io.eventide.protocol.InboxEntry;
import io.eventide.protocol.Payload;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes a stored {@link InboxChunk} into the same {@link InboxEntry} values the generated parser
 * gives, faster: the shard reads every message it handles this way, and the generated parser, which
 * builds each nested message through a field builder, was a sixth of its time. Strings that repeat
 * from entry to entry (namespace, type, source, content type) are decoded once and shared, so the
 * shard's address lookups compare them by reference. A target seen lately is not decoded again: its
 * bytes find the same {@link Address} instance, which the shard then interns by identity ({@link
 * Addresses#intern(Address)}). Payloads share the stored value's array. An entry with a field this
 * decoder does not know (written by a later version) is handed to the generated parser whole.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe: one per thread ({@link InboxChunks#parse}).
 */
final class ChunkDecoder {
  private static final int LENGTH_DELIMITED = 2;
  private static final int VARINT = 0;

  /** The last distinct value decoded for each repeating string, by slot. */
  private final byte[][] lastBytes = new byte[4][];

  private final String[] lastStrings = new String[4];
  private static final int NAMESPACE = 0;
  private static final int TYPE = 1;
  private static final int SOURCE = 2;
  private static final int CONTENT_TYPE = 3;

  /**
   * Addresses decoded lately, by a hash of their bytes, each in one of two neighbouring slots: a
   * shard sees the same keys again and again. A miss only costs a decoding; the table holds at most
   * this many.
   */
  private static final int ADDRESS_BITS = 15;

  private static final int ADDRESS_SLOTS = 1 << ADDRESS_BITS;
  private final byte[][] addressBytes = new byte[ADDRESS_SLOTS][];
  private final Address[] addresses = new Address[ADDRESS_SLOTS];

  private byte[] in;
  private int pos;

  List<InboxEntry> decode(byte[] value) throws InvalidProtocolBufferException {
    in = value;
    pos = 0;
    List<InboxEntry> entries = new ArrayList<>(InboxChunks.MAX_ENTRIES);
    while (pos < value.length) {
      int tag = varint32();
      if (tag != (InboxChunk.ENTRIES_FIELD_NUMBER << 3 | LENGTH_DELIMITED)) {
        return InboxChunk.parseFrom(value).getEntriesList();
      }
      int end = end(varint32());
      int start = pos;
      InboxEntry entry = entry(end);
      if (entry == null) {
        entry = InboxEntry.parseFrom(ByteString.copyFrom(value, start, end - start));
      }
      pos = end;
      entries.add(entry);
    }
    return entries;
  }

  /** The entry ending at {@code end}; null when it holds a field not known here. */
  private InboxEntry entry(int end) throws InvalidProtocolBufferException {
    InboxEntry.Builder entry = InboxEntry.newBuilder();
    while (pos < end) {
      int tag = varint32();
      switch (tag) {
        case 1 << 3 | LENGTH_DELIMITED -> {
          Address target = address();
          if (target == null) {
            return null;
          }
          entry.setTarget(target);
        }
        case 2 << 3 | LENGTH_DELIMITED -> {
          Address caller = address();
          if (caller == null) {
            return null;
          }
          entry.setCaller(caller);
        }
        case 3 << 3 | LENGTH_DELIMITED -> {
          Payload payload = payload();
          if (payload == null) {
            return null;
          }
          entry.setPayload(payload);
        }
        case 4 << 3 | VARINT -> entry.setEventTime(varint64());
        case 5 << 3 | LENGTH_DELIMITED -> entry.setMessageId(string());
        case 6 << 3 | LENGTH_DELIMITED -> entry.setCallId(string());
        case 7 << 3 | LENGTH_DELIMITED -> entry.setSource(shared(SOURCE));
        case 8 << 3 | VARINT -> entry.setSourceSequence(varint64());
        case 9 << 3 | VARINT -> entry.setSourceWatermark(varint64());
        case 10 << 3 | LENGTH_DELIMITED -> entry.setIdempotencyKey(string());
        case 11 << 3 | VARINT -> entry.setAttempt((int) varint64());
        default -> {
          return null;
        }
      }
    }
    atEnd(end);
    return entry.build();
  }

  private Address address() throws InvalidProtocolBufferException {
    int end = end(varint32());
    int start = pos;
    int slot = slot(start, end);
    for (int way = slot; way <= (slot | 1); way++) {
      byte[] known = addressBytes[way];
      if (known != null && Arrays.equals(known, 0, known.length, in, start, end)) {
        pos = end;
        return addresses[way];
      }
    }
    Address address = decodeAddress(end);
    if (address != null) {
      // A pair keeps the last two addresses it missed: the newer moves in, the older moves over.
      addressBytes[slot | 1] = addressBytes[slot];
      addresses[slot | 1] = addresses[slot];
      addressBytes[slot] = Arrays.copyOfRange(in, start, end);
      addresses[slot] = address;
    }
    return address;
  }

  /** The even slot of the pair for the bytes from {@code start} to {@code end}. */
  private int slot(int start, int end) {
    int hash = 0;
    for (int i = start; i < end; i++) {
      hash = 31 * hash + in[i];
    }
    // Fibonacci hashing: the polynomial alone leaves ids that differ in their last digits crowded.
    return ((hash * 0x9E3779B9) >>> (Integer.SIZE - ADDRESS_BITS)) & ~1;
  }

  private Address decodeAddress(int end) throws InvalidProtocolBufferException {
    Address.Builder address = Address.newBuilder();
    while (pos < end) {
      int tag = varint32();
      switch (tag) {
        case 1 << 3 | LENGTH_DELIMITED -> address.setNamespace(shared(NAMESPACE));
        case 2 << 3 | LENGTH_DELIMITED -> address.setType(shared(TYPE));
        case 3 << 3 | LENGTH_DELIMITED -> address.setId(string());
        default -> {
          return null;
        }
      }
    }
    atEnd(end);
    return address.build();
  }

  private Payload payload() throws InvalidProtocolBufferException {
    int end = end(varint32());
    Payload.Builder payload = Payload.newBuilder();
    while (pos < end) {
      int tag = varint32();
      switch (tag) {
        case 1 << 3 | LENGTH_DELIMITED -> payload.setContentType(shared(CONTENT_TYPE));
        case 2 << 3 | LENGTH_DELIMITED -> {
          int length = varint32();
          int start = pos;
          pos = end(length);
          payload.setData(UnsafeByteOperations.unsafeWrap(in, start, length));
        }
        default -> {
          return null;
        }
      }
    }
    atEnd(end);
    return payload.build();
  }

  /**
   * A string that repeats across entries: the last one decoded in its slot when the bytes match.
   */
  private String shared(int slot) throws InvalidProtocolBufferException {
    int length = varint32();
    int start = pos;
    pos = end(length);
    byte[] last = lastBytes[slot];
    if (last != null && Arrays.equals(last, 0, last.length, in, start, pos)) {
      return lastStrings[slot];
    }
    lastBytes[slot] = Arrays.copyOfRange(in, start, pos);
    lastStrings[slot] = new String(in, start, length, StandardCharsets.UTF_8);
    return lastStrings[slot];
  }

  private String string() throws InvalidProtocolBufferException {
    int length = varint32();
    int start = pos;
    pos = end(length);
    return new String(in, start, length, StandardCharsets.UTF_8);
  }

  /** The end of a field of {@code length} bytes starting here, checked against the input. */
  private int end(int length) throws InvalidProtocolBufferException {
    if (length < 0 || length > in.length - pos) {
      throw new InvalidProtocolBufferException("corrupt inbox chunk: a field overruns its value");
    }
    return pos + length;
  }

  /**
   * Checks that a message's fields ended exactly at its end: a nested field running past it is a
   * corrupt chunk, as the generated parser would say, not the start of the next field.
   */
  private void atEnd(int end) throws InvalidProtocolBufferException {
    if (pos != end) {
      throw new InvalidProtocolBufferException("corrupt inbox chunk: a field overruns its message");
    }
  }

  private int varint32() throws InvalidProtocolBufferException {
    return (int) varint64();
  }

  private long varint64() throws InvalidProtocolBufferException {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= in.length) {
        throw new InvalidProtocolBufferException(
            "corrupt inbox chunk: a varint runs past its value");
      }
      byte b = in[pos++];
      result |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return result;
      }
    }
    throw new InvalidProtocolBufferException("corrupt inbox chunk: a varint longer than 10 bytes");
  }
}
