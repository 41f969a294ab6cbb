package io.eventide.dispatcher.internal.cluster;

import io.eventide.store.Store;
import io.eventide.store.Transaction;
import java.util.concurrent.CompletableFuture;

/**
 * A real store whose transactions begun on a lease keeper's rounds thread wait, while the gate is
 * shut, until it opens: a round whose read is slow (a loaded store) for as long as a test needs.
 * The heartbeat's and every other thread's transactions go through untouched.
 */
final class RoundReadsGate implements Store {
  private final Store delegate;
  private volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);
  private volatile CompletableFuture<Void> reached = new CompletableFuture<>();

  RoundReadsGate(Store delegate) {
    this.delegate = delegate;
  }

  /** Holds the rounds' reads from now on; {@link #reached} completes when one waits. */
  void shut() {
    reached = new CompletableFuture<>();
    gate = new CompletableFuture<>();
  }

  /** Completes when a round's read first waits at the shut gate. */
  CompletableFuture<Void> reached() {
    return reached;
  }

  /** Lets the held reads, and every later one, through. */
  void open() {
    gate.complete(null);
  }

  @Override
  public Transaction begin() {
    CompletableFuture<Void> now = gate;
    if (!now.isDone() && Thread.currentThread().getName().startsWith("eventide-leases")) {
      reached.complete(null);
      now.join();
    }
    return delegate.begin();
  }

  @Override
  public String backend() {
    return delegate.backend();
  }

  @Override
  public void close() {
    open();
    delegate.close();
  }
}
