package io.eventide.store.remote;

import io.eventide.store.Store;
import io.eventide.store.StoreException;
import io.eventide.store.StoreException.Code;
import io.eventide.store.Transaction;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The open sessions of a server, bounded in number, each released at the latest {@code
 * sessionTimeout} after its begin: a client that crashes or loses its connection must not pin a
 * snapshot of the store forever.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe. Expiries run on one named timer thread.
 */
final class Sessions implements AutoCloseable {
  private final Store store;
  private final RemoteStoreServerOptions options;
  private final ConcurrentHashMap<Long, Session> open = new ConcurrentHashMap<>();
  // Counts sessions until their transaction is finished, including commits still in flight.
  private final Semaphore permits;
  private final ScheduledThreadPoolExecutor timer;
  private volatile boolean closed;

  Sessions(Store store, RemoteStoreServerOptions options, String name) {
    this.store = store;
    this.options = options;
    this.permits = new Semaphore(options.maxSessions());
    this.timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, name + "-expiry");
              t.setDaemon(true);
              return t;
            });
    timer.setRemoveOnCancelPolicy(true); // most sessions end long before their expiry
  }

  Session begin() {
    if (closed) {
      throw shuttingDown();
    }
    if (!permits.tryAcquire()) {
      throw new StoreException(
          Code.UNAVAILABLE,
          "too many open transactions (" + options.maxSessions() + "); retry later");
    }
    Transaction tx;
    try {
      tx = store.begin();
    } catch (RuntimeException e) {
      permits.release();
      throw e;
    }
    Session session = register(tx);
    if (closed) { // close() may have swept the sessions just before this one was registered
      expire(session.id(), shuttingDown());
      throw shuttingDown();
    }
    return session;
  }

  /** A session begun for its commit alone (a transaction that read nothing), taken out at once. */
  Session beginToCommit() {
    return take(begin().id());
  }

  /** The session for a read or a write batch. */
  Session get(long id) {
    Session session = open.get(id);
    if (session == null) {
      throw unknown(id);
    }
    return session;
  }

  /** Takes the session out for its commit, which ends it whatever the outcome. */
  Session take(long id) {
    Session session = open.remove(id);
    if (session == null) {
      throw unknown(id);
    }
    return session;
  }

  /** Releases the session if it is still open. */
  void release(long id) {
    expire(id, new StoreException(Code.INVALID, "transaction was closed"));
  }

  /** Sessions whose transaction is not finished: open ones and those still committing. */
  int unfinished() {
    return options.maxSessions() - permits.availablePermits();
  }

  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
    open.keySet().forEach(id -> expire(id, shuttingDown()));
  }

  private Session register(Transaction tx) {
    while (true) {
      // Random, so that an id a client kept across a server restart names no newer session.
      long id = ThreadLocalRandom.current().nextLong();
      Session session = new Session(id, tx, permits::release);
      if (id != 0 && open.putIfAbsent(id, session) == null) {
        long timeoutMillis = options.sessionTimeout().toMillis();
        try {
          session.expireWith(
              timer.schedule(() -> expire(id, expired()), timeoutMillis, TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException e) { // close() stopped the timer meanwhile
          expire(id, shuttingDown());
          throw shuttingDown();
        }
        return session;
      }
    }
  }

  private void expire(long id, StoreException reason) {
    Session session = open.remove(id);
    if (session != null) {
      session.end(reason);
    }
  }

  private StoreException expired() {
    return new StoreException(
        Code.TOO_OLD,
        "transaction expired: the server releases it "
            + options.sessionTimeout().toMillis()
            + " ms after its begin");
  }

  private StoreException unknown(long id) {
    return new StoreException(
        Code.TOO_OLD,
        "no open transaction "
            + Long.toHexString(id)
            + ": it expired (after "
            + options.sessionTimeout().toMillis()
            + " ms), was closed, or the server restarted");
  }

  private static StoreException shuttingDown() {
    return new StoreException(Code.UNAVAILABLE, "the state-service is shutting down");
  }
}
