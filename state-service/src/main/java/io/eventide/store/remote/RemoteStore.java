package io.eventide.store.remote;

import io.eventide.protocol.StoreBeginReply;
import io.eventide.store.Store;
import io.eventide.store.Transaction;

/**
 * The {@code remote} backend: a {@link Store} served by a {@link RemoteStoreServer} in another
 * process (a cluster's state-service when it runs without FoundationDB), with the served store's
 * exact semantics.
 *
 * <p>{@link #begin} opens a session on the server (one call); writes are buffered locally and
 * checked against the limits at the call; each read and the commit carry the writes made since the
 * previous call. Failures keep the served store's code and message. A transport failure or a missed
 * deadline ({@link RemoteStoreOptions}) is {@code COMMIT_UNKNOWN} during a commit (it may have been
 * applied, as FoundationDB's {@code commit_unknown_result}) and {@code UNAVAILABLE} otherwise.
 * Nothing is retried here: run transactions through a {@link io.eventide.store.TransactionRunner}.
 *
 * <pre>{@code
 * try (Store store = Stores.remote("state-service", 7600)) {
 *   try (Transaction tx = store.begin()) {
 *     tx.set(key, value);
 *     tx.commitAsync().join();
 *   }
 * }
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe; each {@link Transaction} belongs to one thread at a time. Reads and {@link #begin}
 * block the caller for one call; commit futures complete on gRPC's executor threads.
 */
public final class RemoteStore implements Store {
  private final RemoteCalls calls;

  private RemoteStore(RemoteCalls calls) {
    this.calls = calls;
  }

  /**
   * A client of the server at {@code host:port}. It connects on first use, so this never fails for
   * an unreachable server; {@link #begin} does, with {@code UNAVAILABLE}.
   */
  public static RemoteStore connect(String host, int port, RemoteStoreOptions options) {
    return new RemoteStore(new RemoteCalls(host, port, options));
  }

  /** Opens the session lazily: at the first read, or with the commit ({@code session = 0}). */
  @Override
  public Transaction beginWrites() {
    return new RemoteTransaction(calls);
  }

  @Override
  public Transaction begin() {
    StoreBeginReply reply = calls.begin();
    return new RemoteTransaction(calls, reply.getSession(), reply.getReadVersion());
  }

  @Override
  public String backend() {
    return "remote";
  }

  /** Lets commits in flight finish (up to the commit deadline), then closes the connection. */
  @Override
  public void close() {
    calls.close();
  }
}
