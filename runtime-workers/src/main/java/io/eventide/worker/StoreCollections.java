package io.eventide.worker;

import io.eventide.sdk.Address;
import io.eventide.sdk.runtime.StoredCollections;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.keyspace.CollectionReads;
import io.eventide.store.keyspace.Keyspace;
import io.eventide.store.keyspace.LargeValues;
import io.eventide.store.keyspace.ListSegments;
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
    byte[] from =
        after == null ? null : keyspace.mapEntry(namespace, type, address.id(), name, after);
    try (Transaction tx = store.begin()) {
      return CollectionReads.mapPage(tx.snapshot(), keyspace, prefix, from, limit);
    }
  }

  @Override
  public ListPage listPage(Address address, String name, byte[] from) {
    byte[] prefix =
        keyspace.list(address.type().namespace(), address.type().name(), address.id(), name);
    try (Transaction tx = store.begin()) {
      CollectionReads.ListPage page = CollectionReads.listPage(tx.snapshot(), prefix, from);
      return new ListPage(page.elements(), page.next());
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
