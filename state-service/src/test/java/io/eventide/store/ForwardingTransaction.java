package io.eventide.store;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Transaction} that hands every call to another one: tests override the one or two calls
 * they need to slow down, hold or fail, over a real store.
 */
public abstract class ForwardingTransaction implements Transaction {
  protected final Transaction delegate;

  protected ForwardingTransaction(Transaction delegate) {
    this.delegate = delegate;
  }

  @Override
  public CompletableFuture<CommitResult> commitAsync() {
    return delegate.commitAsync();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public ReadView snapshot() {
    return delegate.snapshot();
  }

  @Override
  public long readVersion() {
    return delegate.readVersion();
  }

  @Override
  public byte[] get(byte[] key) {
    return delegate.get(key);
  }

  @Override
  public List<byte[]> getMany(List<byte[]> keys) {
    return delegate.getMany(keys);
  }

  @Override
  public List<KeyValue> getRange(byte[] begin, byte[] end, int limit, boolean reverse) {
    return delegate.getRange(begin, end, limit, reverse);
  }

  @Override
  public void set(byte[] key, byte[] value) {
    delegate.set(key, value);
  }

  @Override
  public void clear(byte[] key) {
    delegate.clear(key);
  }

  @Override
  public void clearRange(byte[] begin, byte[] end) {
    delegate.clearRange(begin, end);
  }

  @Override
  public void add(byte[] key, long delta) {
    delegate.add(key, delta);
  }

  @Override
  public void setVersionstampedKey(byte[] prefix, int userVersion, byte[] suffix, byte[] value) {
    delegate.setVersionstampedKey(prefix, userVersion, suffix, value);
  }

  @Override
  public void requireValue(byte[] key, byte[] expected) {
    delegate.requireValue(key, expected);
  }

  @Override
  public void addReadConflictRange(byte[] begin, byte[] end) {
    delegate.addReadConflictRange(begin, end);
  }

  @Override
  public long approximateSize() {
    return delegate.approximateSize();
  }
}
