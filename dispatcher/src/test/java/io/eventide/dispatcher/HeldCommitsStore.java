package io.eventide.dispatcher;

import io.eventide.store.CommitResult;
import io.eventide.store.KeyValue;
import io.eventide.store.ReadView;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real store whose shard commits, while held, are applied at once but acknowledged only when
 * released: a slow commit acknowledgement, so a test can run shard rounds while a batch is still
 * in flight. Commits from other threads (ingestion) go through untouched.
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

  private final class HeldTransaction implements Transaction {
    private final Transaction tx;

    HeldTransaction(Transaction tx) {
      this.tx = tx;
    }

    @Override
    public CompletableFuture<CommitResult> commitAsync() {
      CompletableFuture<Void> now = gate;
      if (now.isDone() || !Thread.currentThread().getName().startsWith("eventide-shard")) {
        return tx.commitAsync();
      }
      held.incrementAndGet();
      return tx.commitAsync().thenCombine(now, (result, open) -> result);
    }

    @Override
    public byte[] get(byte[] key) {
      return tx.get(key);
    }

    @Override
    public List<KeyValue> getRange(byte[] begin, byte[] end, int limit, boolean reverse) {
      return tx.getRange(begin, end, limit, reverse);
    }

    @Override
    public ReadView snapshot() {
      return tx.snapshot();
    }

    @Override
    public long readVersion() {
      return tx.readVersion();
    }

    @Override
    public void set(byte[] key, byte[] value) {
      tx.set(key, value);
    }

    @Override
    public void clear(byte[] key) {
      tx.clear(key);
    }

    @Override
    public void clearRange(byte[] begin, byte[] end) {
      tx.clearRange(begin, end);
    }

    @Override
    public void add(byte[] key, long delta) {
      tx.add(key, delta);
    }

    @Override
    public void setVersionstampedKey(byte[] prefix, int userVersion, byte[] suffix, byte[] value) {
      tx.setVersionstampedKey(prefix, userVersion, suffix, value);
    }

    @Override
    public void requireValue(byte[] key, byte[] expected) {
      tx.requireValue(key, expected);
    }

    @Override
    public void addReadConflictRange(byte[] begin, byte[] end) {
      tx.addReadConflictRange(begin, end);
    }

    @Override
    public long approximateSize() {
      return tx.approximateSize();
    }

    @Override
    public void close() {
      tx.close();
    }
  }
}
