package io.eventide.dispatcher.query;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eventide.dispatcher.EgressPage;
import io.eventide.dispatcher.EgressRecord;
import io.eventide.protocol.OutboxRecord;
import io.eventide.store.KeyValue;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.keyspace.Keyspace;
import io.eventide.store.keyspace.LargeValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Snapshot reads of instance state and egress outboxes, for the query endpoints: they need only
 * the store, so a gateway of a cluster serves them without a dispatcher.
 *
 * <pre>{@code
 * Map<String, byte[]> values = new StoreReads(store, keyspace).state("example", "counter", "a");
 * }</pre>
 *
 * <h2>Thread safety</h2>
 * Thread-safe; each call blocks on one store transaction.
 */
public final class StoreReads {
  private final Store store;
  private final Keyspace keyspace;

  public StoreReads(Store store, Keyspace keyspace) {
    this.store = store;
    this.keyspace = keyspace;
  }

  public Map<String, byte[]> state(String namespace, String type, String id) {
    try (Transaction tx = store.begin()) {
      return new TreeMap<>(keyspace.stateValues(tx.snapshot().getPrefix(keyspace.stateOf(namespace, type, id), 0)));
    }
  }

  public EgressPage egress(String name, long from, int limit) {
    byte[] prefix = keyspace.outbox(name);
    List<EgressRecord> records = new ArrayList<>();
    long next = Math.max(from, 0);
    try (Transaction tx = store.begin()) {
      int skip = EgressOffsets.before(from);
      int recordKeyLength = prefix.length + 13; // a versionstamp after the prefix; longer keys are parts
      // Rows hold a large record's parts too: read on with more until a page has what it can.
      for (int rows = (int) Math.min(Integer.MAX_VALUE / 2, (long) limit + skip + 32); ; rows *= 2) {
        List<KeyValue> read = tx.snapshot().getRange(EgressOffsets.commitStart(prefix, from), Keyspace.end(prefix),
            rows, false);
        boolean cut = read.size() == rows;
        for (LargeValues.Value kv : LargeValues.assemble(read, key -> key.length == recordKeyLength, cut)) {
          long offset = EgressOffsets.offset(keyspace.unpack(kv.key()).getVersionstamp(2));
          if (offset < from || offset < next) {
            continue;
          }
          if (records.size() == limit) {
            break;
          }
          OutboxRecord record = parse(kv.value());
          records.add(new EgressRecord(offset, record.getPayload().getContentType(),
              record.getPayload().getData().toByteArray(), record.getEventTime()));
          next = offset + 1;
        }
        if (!cut || !records.isEmpty()) {
          break;
        }
      }
    }
    return new EgressPage(records, next);
  }

  private static OutboxRecord parse(byte[] bytes) {
    try {
      return OutboxRecord.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt outbox record", e);
    }
  }
}
