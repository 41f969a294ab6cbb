package io.eventide.worker;

import io.eventide.sdk.Address;
import io.eventide.sdk.runtime.StoredLists;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.keyspace.Keyspace;
import io.eventide.store.keyspace.ListSegments;
import java.util.List;

/**
 * Reads a function instance's internal lists (a window's buffered messages) from the store, for the
 * handlers that read them: lists are not sent with invocations, since they grow by appending and
 * are read only when a window fires. The read sees every append of the instance's earlier
 * invocations: a dispatcher never invokes an address while a commit of its last invocation is in
 * flight.
 *
 * <pre>{@code
 * FunctionRuntimeService runtime = new FunctionRuntimeService(deployments, config, meters,
 *     new StoreLists(store, keyspace));
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe; each read runs its own snapshot transaction.
 */
public final class StoreLists implements StoredLists {
  private final Store store;
  private final Keyspace keyspace;

  public StoreLists(Store store, Keyspace keyspace) {
    this.store = store;
    this.keyspace = keyspace;
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
