package io.eventide.dispatcher.internal.egress;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eventide.dispatcher.internal.query.EgressOffsets;
import io.eventide.store.KeyValue;
import io.eventide.store.ReadView;
import io.eventide.store.keyspace.Keyspace;
import io.eventide.store.keyspace.LargeValues;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an egress's outbox in pages, in outbox order, for its deliverer: at most {@code maxRecords}
 * records and, past the first, {@code maxBytes} of payload, so a deliverer holds a bounded amount
 * whatever the outbox holds.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless.
 */
final class OutboxPages {
  private final Keyspace keyspace;

  OutboxPages(Keyspace keyspace) {
    this.keyspace = keyspace;
  }

  /** A record and its key in the outbox (trimming needs the key; the offset does not name it). */
  record Entry(OutboxRecord record, byte[] key) {}

  /** The records of {@code egress} after offset {@code last}. */
  List<Entry> after(ReadView view, String egress, long last, int maxRecords, long maxBytes) {
    byte[] prefix = keyspace.outbox(egress);
    int recordKeyLength = prefix.length + 13; // a versionstamp; longer keys are a record's parts
    List<Entry> page = new ArrayList<>();
    long bytes = 0;
    // Rows hold large records' parts too: read on with more rows until the page has something.
    for (int rows = maxRecords + 32; ; rows *= 2) {
      List<KeyValue> read =
          view.getRange(
              EgressOffsets.commitStart(prefix, last + 1), Keyspace.end(prefix), rows, false);
      boolean cut = read.size() == rows;
      for (LargeValues.Value kv :
          LargeValues.assemble(read, key -> key.length == recordKeyLength, cut)) {
        long offset = EgressOffsets.offset(keyspace.unpack(kv.key()).getVersionstamp(2));
        if (offset <= last) {
          continue;
        }
        if (page.size() == maxRecords || !page.isEmpty() && bytes + kv.value().length > maxBytes) {
          return page;
        }
        bytes += kv.value().length;
        page.add(new Entry(decode(offset, kv.value()), kv.key()));
      }
      if (!cut || !page.isEmpty()) {
        return page;
      }
    }
  }

  /**
   * How many records {@code egress} holds after offset {@code last}, counting up to {@code max}.
   */
  long count(ReadView view, String egress, long last, long max) {
    byte[] prefix = keyspace.outbox(egress);
    int recordKeyLength = prefix.length + 13;
    long counted = 0;
    byte[] from = EgressOffsets.commitStart(prefix, last + 1);
    while (counted < max) {
      List<KeyValue> read = view.getRange(from, Keyspace.end(prefix), 1_000, false);
      for (KeyValue kv : read) {
        if (kv.key().length == recordKeyLength
            && EgressOffsets.offset(keyspace.unpack(kv.key()).getVersionstamp(2)) > last) {
          counted++;
        }
      }
      if (read.size() < 1_000) {
        break;
      }
      from = Keyspace.end(read.get(read.size() - 1).key());
    }
    return Math.min(counted, max);
  }

  private static OutboxRecord decode(long offset, byte[] bytes) {
    io.eventide.protocol.OutboxRecord stored;
    try {
      stored = io.eventide.protocol.OutboxRecord.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt outbox record at offset " + offset, e);
    }
    return new OutboxRecord(
        offset,
        stored.getRecordId(),
        stored.getKey().isEmpty() ? null : stored.getKey(),
        stored.hasSender() ? stored.getSender().getId() : null,
        stored.getPayload().getContentType(),
        stored.getPayload().getData().toByteArray(),
        stored.getEventTime());
  }
}
