package io.eventide.dispatcher.internal.query;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eventide.dispatcher.api.EgressPage;
import io.eventide.dispatcher.api.EgressRecord;
import io.eventide.dispatcher.api.Queries;
import io.eventide.dispatcher.api.StatePage;
import io.eventide.protocol.OutboxRecord;
import io.eventide.protocol.SourceRecord;
import io.eventide.store.KeyValue;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.keyspace.CollectionReads;
import io.eventide.store.keyspace.Keyspace;
import io.eventide.store.keyspace.LargeValues;
import io.eventide.store.keyspace.StateTtl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Snapshot reads of instance state and egress outboxes, for the query endpoints: they need only the
 * store, so a gateway of a cluster serves them without a dispatcher.
 *
 * <pre>{@code
 * Map<String, byte[]> values = new StoreReads(store, keyspace).state("shop", "counter", "a");
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe; each call blocks on one store transaction.
 */
public final class StoreReads {
  /** The most record bytes one page of an egress holds; a page holds at least one record. */
  static final long MAX_PAGE_BYTES = 8 << 20;

  private final Store store;
  private final Keyspace keyspace;
  private final OutboxTrims trims;

  public StoreReads(Store store, Keyspace keyspace) {
    this.store = store;
    this.keyspace = keyspace;
    this.trims = new OutboxTrims(keyspace);
  }

  public Map<String, byte[]> state(String namespace, String type, String id) {
    return new TreeMap<>(StateTtl.visible(stored(namespace, type, id), System.currentTimeMillis()));
  }

  /** See {@link Queries#stateExpiries}. */
  public Map<String, Long> stateExpiries(String namespace, String type, String id) {
    return new TreeMap<>(
        StateTtl.expiries(stored(namespace, type, id), System.currentTimeMillis()));
  }

  private Map<String, byte[]> stored(String namespace, String type, String id) {
    try (Transaction tx = store.begin()) {
      byte[] prefix = keyspace.stateOf(namespace, type, id);
      return keyspace.stateValues(prefix, tx.snapshot().getPrefix(prefix, 0));
    }
  }

  /** See {@link Queries#collections}. Maps and lists with a TTL go by their users' names. */
  public Queries.Collections collections(String namespace, String type, String id) {
    try (Transaction tx = store.begin()) {
      Set<String> lists = new TreeSet<>();
      for (String name :
          CollectionReads.names(tx.snapshot(), keyspace, keyspace.listsOf(namespace, type, id))) {
        if (!name.startsWith("$")) { // the window operator's own (InternalState.PREFIX)
          lists.add(StateTtl.userName(name));
        }
      }
      Set<String> maps = new TreeSet<>();
      CollectionReads.names(tx.snapshot(), keyspace, keyspace.mapsOf(namespace, type, id))
          .forEach(name -> maps.add(StateTtl.userName(name)));
      return new Queries.Collections(List.copyOf(maps), List.copyOf(lists));
    }
  }

  /**
   * See {@link Queries#mapEntries}. A map with a TTL shows its live entries only, without their
   * headers; a page may then hold fewer than {@code limit} and still have a next one.
   */
  public Queries.MapEntries mapEntries(
      String namespace, String type, String id, String name, byte[] after, int limit) {
    try (Transaction tx = store.begin()) {
      String ttlName = name + StateTtl.SUFFIX;
      boolean ttl = exists(tx, keyspace.map(namespace, type, id, ttlName));
      String stored = ttl ? ttlName : name;
      byte[] from = after == null ? null : keyspace.mapEntry(namespace, type, id, stored, after);
      List<Map.Entry<byte[], byte[]>> entries =
          CollectionReads.mapPage(
              tx.snapshot(), keyspace, keyspace.map(namespace, type, id, stored), from, limit);
      byte[] next = entries.size() < limit ? null : entries.get(entries.size() - 1).getKey();
      if (ttl) {
        long now = System.currentTimeMillis();
        List<Map.Entry<byte[], byte[]>> live = new ArrayList<>(entries.size());
        List<Long> expiries = new ArrayList<>(entries.size());
        for (Map.Entry<byte[], byte[]> entry : entries) {
          if (StateTtl.alive(entry.getValue(), now)) {
            live.add(Map.entry(entry.getKey(), StateTtl.payload(entry.getValue())));
            expiries.add(StateTtl.expiresAt(entry.getValue()));
          }
        }
        return new Queries.MapEntries(live, next, expiries);
      }
      return new Queries.MapEntries(entries, next);
    }
  }

  /**
   * See {@link Queries#listElements}. A list with a TTL shows its live elements only: those not
   * expired one by one, or none once the whole list expired after its last access.
   */
  public Queries.ListElements listElements(
      String namespace, String type, String id, String name, byte[] from) {
    try (Transaction tx = store.begin()) {
      long now = System.currentTimeMillis();
      String byItem = name + StateTtl.SUFFIX;
      String whole = name + StateTtl.LIST_ON_ACCESS;
      if (exists(tx, keyspace.list(namespace, type, id, byItem))) {
        CollectionReads.ListPage page =
            CollectionReads.listPage(
                tx.snapshot(), keyspace.list(namespace, type, id, byItem), from);
        List<byte[]> live = new ArrayList<>(page.elements().size());
        List<Long> expiries = new ArrayList<>(page.elements().size());
        for (byte[] element : page.elements()) {
          if (StateTtl.alive(element, now)) {
            live.add(StateTtl.payload(element));
            expiries.add(StateTtl.expiresAt(element));
          }
        }
        return new Queries.ListElements(live, page.next(), expiries);
      }
      if (exists(tx, keyspace.list(namespace, type, id, whole))) {
        byte[] expiry = LargeValues.get(tx.snapshot(), keyspace.state(namespace, type, id, whole));
        if (expiry == null || !StateTtl.alive(expiry, now)) {
          return new Queries.ListElements(List.of(), null, List.of());
        }
        CollectionReads.ListPage page =
            CollectionReads.listPage(
                tx.snapshot(), keyspace.list(namespace, type, id, whole), from);
        return new Queries.ListElements(
            page.elements(),
            page.next(),
            java.util.Collections.nCopies(page.elements().size(), StateTtl.expiresAt(expiry)));
      }
      CollectionReads.ListPage page =
          CollectionReads.listPage(tx.snapshot(), keyspace.list(namespace, type, id, name), from);
      return new Queries.ListElements(page.elements(), page.next());
    }
  }

  /** Whether anything is stored under {@code prefix}: one row read. */
  private static boolean exists(Transaction tx, byte[] prefix) {
    return !tx.snapshot().getRange(prefix, Keyspace.end(prefix), 1, false).isEmpty();
  }

  /** See {@link io.eventide.dispatcher.api.Queries#stateIds}. */
  public StatePage stateIds(
      String namespace, String type, String after, int limit, boolean values) {
    try (Transaction tx = store.begin()) {
      return new StateListing(keyspace, tx.snapshot(), namespace, type).page(after, limit, values);
    }
  }

  /** The durable progress of ingress source {@code source}; empty when it never sent anything. */
  public Optional<SourceRecord> source(String source) {
    byte[] value;
    try (Transaction tx = store.begin()) {
      value = tx.snapshot().get(keyspace.watermark(source, 0));
    }
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(SourceRecord.parseFrom(value));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt progress record of source " + source, e);
    }
  }

  /**
   * Whether any message between functions is in flight in a cluster: held in the store from the
   * commit that sends it to the commit that handles it.
   */
  public boolean messagesBetweenFunctionsInFlight() {
    try (Transaction tx = store.begin()) {
      return !tx.snapshot().getPrefix(keyspace.internalHolds(), 1).isEmpty();
    }
  }

  /**
   * Records of {@code name} from offset {@code from} on. Retention may have trimmed the egress: a
   * reader asking for an offset before its first kept one gets the records from there, and the page
   * says so ({@link EgressPage#trimmed()}), rather than skipping them silently.
   */
  public EgressPage egress(String name, long from, int limit) {
    // Records may be of 1 MiB each: a page stops at MAX_PAGE_BYTES (with one record at least),
    // whatever the limit asked for; the reader goes on from `next`.
    byte[] prefix = keyspace.outbox(name);
    List<EgressRecord> records = new ArrayList<>();
    try (Transaction tx = store.begin()) {
      long firstKept = trims.firstKept(tx.snapshot(), name);
      long start = Math.max(Math.max(from, 0), firstKept);
      long next = start;
      int skip = EgressOffsets.before(start);
      int recordKeyLength =
          prefix.length + 13; // a versionstamp after the prefix; longer keys are parts
      long bytes = 0;
      // Rows hold a large record's parts too: read on with more until a page has what it can.
      for (int rows = (int) Math.min(Integer.MAX_VALUE / 2, (long) limit + skip + 32);
          ;
          rows *= 2) {
        List<KeyValue> read =
            tx.snapshot()
                .getRange(
                    EgressOffsets.commitStart(prefix, start), Keyspace.end(prefix), rows, false);
        boolean cut = read.size() == rows;
        for (LargeValues.Value kv :
            LargeValues.assemble(read, key -> key.length == recordKeyLength, cut)) {
          long offset = EgressOffsets.offset(keyspace.unpack(kv.key()).getVersionstamp(2));
          if (offset < next) {
            continue;
          }
          if (records.size() == limit
              || !records.isEmpty() && bytes + kv.value().length > MAX_PAGE_BYTES) {
            break;
          }
          bytes += kv.value().length;
          OutboxRecord record = parse(kv.value());
          records.add(
              new EgressRecord(
                  offset,
                  record.getPayload().getContentType(),
                  record.getPayload().getData().toByteArray(),
                  record.getEventTime()));
          next = offset + 1;
        }
        if (!cut || !records.isEmpty()) {
          break;
        }
      }
      if (from >= firstKept) {
        return new EgressPage(records, next);
      }
      return new EgressPage(records, next, records.isEmpty() ? next : records.get(0).offset());
    }
  }

  private static OutboxRecord parse(byte[] bytes) {
    try {
      return OutboxRecord.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt outbox record", e);
    }
  }
}
