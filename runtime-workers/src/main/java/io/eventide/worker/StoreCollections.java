package io.eventide.worker;

import io.eventide.sdk.Address;
import io.eventide.sdk.runtime.StoredCollections;
import io.eventide.store.KeyValue;
import io.eventide.store.Keys;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.keyspace.Keyspace;
import io.eventide.store.keyspace.LargeValues;
import io.eventide.store.keyspace.ListSegments;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a function instance's lists (a window's buffered messages, users' {@code ListSpec}s) and
 * maps ({@code MapSpec}s) from the store, for the handlers that read them: they are not sent with
 * invocations, since a list grows by appending and is read only when needed (when a window fires),
 * and a map is read entry by entry or page by page. A read sees every append of the instance's
 * earlier invocations: a dispatcher never invokes an address while a commit of its last invocation
 * is in flight.
 *
 * <pre>{@code
 * FunctionRuntimeService runtime = new FunctionRuntimeService(deployments, config, meters,
 *     new StoreCollections(store, keyspace));
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe; each read runs its own snapshot transaction.
 */
public final class StoreCollections implements StoredCollections {
  /** Rows read at once while paging a map: a 1 MiB entry is a header and 12 parts. */
  private static final int ROWS_PER_READ = 128;

  private final Store store;
  private final Keyspace keyspace;

  public StoreCollections(Store store, Keyspace keyspace) {
    this.store = store;
    this.keyspace = keyspace;
  }

  @Override
  public byte[] mapGet(Address address, String name, byte[] key) {
    byte[] entry =
        keyspace.mapEntry(
            address.type().namespace(), address.type().name(), address.id(), name, key);
    try (Transaction tx = store.begin()) {
      return LargeValues.get(tx.snapshot(), entry);
    }
  }

  @Override
  public List<Map.Entry<byte[], byte[]>> mapPage(
      Address address, String name, byte[] after, int limit) {
    String namespace = address.type().namespace();
    String type = address.type().name();
    byte[] prefix = keyspace.map(namespace, type, address.id(), name);
    byte[] end = Keys.strinc(prefix);
    byte[] begin =
        after == null
            ? prefix
            : LargeValues.after(keyspace.mapEntry(namespace, type, address.id(), name, after));
    List<Map.Entry<byte[], byte[]>> page = new ArrayList<>(limit);
    // Rows, not entries, bound a read: enough for the largest entry's parts, so each read but the
    // last yields at least one whole entry.
    int rows = Math.max(ROWS_PER_READ, limit);
    try (Transaction tx = store.begin()) {
      while (page.size() < limit) {
        List<KeyValue> read = tx.snapshot().getRange(begin, end, rows, false);
        boolean cut = read.size() == rows;
        List<Map.Entry<byte[], byte[]>> entries = keyspace.mapEntries(read, cut);
        for (Map.Entry<byte[], byte[]> entry : entries) {
          if (page.size() == limit) {
            break;
          }
          page.add(entry);
        }
        if (!cut) {
          break;
        }
        begin =
            entries.isEmpty()
                // Only unreferenced parts in a whole read: go on past them.
                ? Keys.concat(read.get(read.size() - 1).key(), new byte[] {0})
                : LargeValues.after(
                    keyspace.mapEntry(
                        namespace,
                        type,
                        address.id(),
                        name,
                        entries.get(entries.size() - 1).getKey()));
      }
    }
    return page;
  }

  @Override
  public ListPage listPage(Address address, String name, byte[] from) {
    byte[] prefix =
        keyspace.list(address.type().namespace(), address.type().name(), address.id(), name);
    byte[] begin = from == null ? prefix : from;
    byte[] end = Keys.strinc(prefix);
    try (Transaction tx = store.begin()) {
      // A segment holds what one commit appended, up to 8 MiB in parts: read more rows until at
      // least one whole segment is in.
      for (int rows = ROWS_PER_READ; ; rows *= 2) {
        List<KeyValue> read = tx.snapshot().getRange(begin, end, rows, false);
        boolean cut = read.size() == rows;
        List<LargeValues.Value> segments = ListSegments.segments(prefix, read, cut);
        if (segments.isEmpty() && cut) {
          continue;
        }
        List<byte[]> elements = new ArrayList<>();
        segments.forEach(segment -> ListSegments.decode(segment, elements));
        byte[] next = cut ? LargeValues.after(segments.get(segments.size() - 1).key()) : null;
        return new ListPage(elements, next);
      }
    }
  }

  @Override
  public List<byte[]> read(Address address, String name) {
    byte[] prefix =
        keyspace.list(address.type().namespace(), address.type().name(), address.id(), name);
    try (Transaction tx = store.begin()) {
      return ListSegments.elements(prefix, tx.snapshot().getPrefix(prefix, 0));
    }
  }
}
