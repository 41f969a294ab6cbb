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

  /** The dead letters kept in {@code store}; {@code runner} runs its transactions. */
  public static DeadLetters open(TransactionRunner runner, Keyspace keyspace) {
    return new StoredDeadLetters(runner, keyspace);
  }

  /** As {@link #open(TransactionRunner, Keyspace)}, with a runner of its own over {@code store}. */
  public static DeadLetters open(Store store, Keyspace keyspace) {
    return open(new TransactionRunner(store), keyspace);
  }
}
