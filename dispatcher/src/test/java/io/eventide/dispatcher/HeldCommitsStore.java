package io.eventide.dispatcher;

import io.eventide.store.CommitResult;
import io.eventide.store.ForwardingTransaction;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real store whose shard commits, while held, are applied at once but acknowledged only when
 * released: a slow commit acknowledgement, so a test can run shard rounds while a batch is still in
 * flight. Commits from other threads (ingestion) go through untouched.
 */
final class HeldCommitsStore implements Store {
  private final Store store;
  private volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);
  final AtomicInteger held = new AtomicInteger();

  HeldCommitsStore(Store store) {
    this.store = store;
  }

  void hold() {
    gate = new CompletableFuture<>();
  }

  void release() {
    gate.complete(null);
  }

  @Override
  public Transaction begin() {
    return new HeldTransaction(store.begin());
  }

  @Override
  public String backend() {
    return store.backend();
  }

  @Override
  public void close() {
    store.close();
  }

  private final class HeldTransaction extends ForwardingTransaction {
    HeldTransaction(Transaction tx) {
      super(tx);
    }

    @Override
    public CompletableFuture<CommitResult> commitAsync() {
      CompletableFuture<Void> now = gate;
      if (now.isDone() || !Thread.currentThread().getName().startsWith("eventide-shard")) {
        return delegate.commitAsync();
      }
      held.incrementAndGet();
      return delegate.commitAsync().thenCombine(now, (result, open) -> result);
    }
  }
}
