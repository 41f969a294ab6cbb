package io.eventide.dispatcher;

import io.eventide.dispatcher.api.DeadLetters;
import io.eventide.dispatcher.internal.query.StoredDeadLetters;
import io.eventide.store.Store;
import io.eventide.store.TransactionRunner;
import io.eventide.store.keyspace.Keyspace;

/**
 * The dead letters kept in a cluster's store: what a gateway serves at {@code /v1/dead-letters}, in
 * a standalone node and in any role. Replays go through the dispatchers ({@code
 * Ingress.replayAsync}), which append to inboxes.
 */
public final class DeadLetterCatalog {
  private DeadLetterCatalog() {}

  /** The dead letters kept in {@code store}, read and deleted with a runner of their own. */
  public static DeadLetters open(Store store, Keyspace keyspace) {
    return new StoredDeadLetters(new TransactionRunner(store), keyspace);
  }
}
