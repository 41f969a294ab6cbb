package io.eventide.dispatcher;

import io.eventide.dispatcher.api.Egresses;
import io.eventide.dispatcher.internal.egress.StoredEgresses;
import io.eventide.store.Store;
import io.eventide.store.keyspace.Keyspace;

/**
 * The configured egresses of a cluster, read and written in its store: what a gateway serves at
 * {@code /v1/egresses}, in a standalone node and in any role.
 */
public final class EgressCatalog {
  private EgressCatalog() {}

  /** The egresses configured in {@code store}. */
  public static Egresses open(Store store, Keyspace keyspace) {
    return new StoredEgresses(store, keyspace, System::currentTimeMillis);
  }
}
