package io.eventide.store.fdb;

import com.apple.foundationdb.MutationType;
import io.eventide.store.CommitResult;
import io.eventide.store.Keys;
import io.eventide.store.Limits;
import io.eventide.store.ReadView;
import io.eventide.store.ReadsThrough;
import io.eventide.store.StoreException;
import io.eventide.store.StoreException.Code;
import io.eventide.store.WriteBudget;
import io.eventide.store.fdb.FdbErrors.Phase;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A transaction of {@link FdbStore}: one {@code com.apple.foundationdb.Transaction}, with the SPI's
 * limits checked at each write call, fences checked at commit (see {@link Fences}), and errors
 * mapped by {@link FdbErrors}.
 *
 * <p>Its read version is requested at begin (without waiting), so that, as on the embedded backend,
 * the transaction reads data no older than its begin and an explicit read-conflict range added
 * before any read still covers commits made after begin.
 *
 * <p>One difference from the embedded backend remains, FoundationDB's own: reading a range that a
 * versionstamped key written by this transaction may land in fails {@code INVALID} ({@code
 * accessed_unreadable}), where the embedded backend just does not show that key.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe (one thread at a time). The native transaction is released exactly once: on
 * {@link #close} of an uncommitted transaction, when its commit completes (on a FoundationDB
 * thread), or when the store closes.
 */
final class FdbTransaction implements ReadsThrough {
  private enum State {
    OPEN,
    COMMITTING,
    CLOSED
  }

  private final FdbStore store;
  private final com.apple.foundationdb.Transaction tr;
  private final CompletableFuture<Long> readVersion;
  private final long beganAtMillis;
  private final ReadView reads;
  private final ReadView snapshotReads;
  private final WriteBudget budget = new WriteBudget();
  private final AffectedBytes affected = new AffectedBytes();
  private final Fences fences = new Fences();
  private final AtomicBoolean released = new AtomicBoolean();
  private State state = State.OPEN;
  private boolean wrote;
  private volatile CompletableFuture<CommitResult> commit;

  FdbTransaction(FdbStore store, com.apple.foundationdb.Transaction tr, long beganAtMillis) {
    this.store = store;
    this.tr = tr;
    this.beganAtMillis = beganAtMillis;
    this.readVersion = tr.getReadVersion();
    this.reads = new FdbReadView(store, tr, this::requireOpen, affected::read);
    this.snapshotReads = new FdbReadView(store, tr.snapshot(), this::requireOpen, bytes -> {});
  }

  @Override
  public ReadView reads() {
    return reads;
  }

  @Override
  public ReadView snapshot() {
    return snapshotReads;
  }

  @Override
  public long readVersion() {
    return store.await(readVersion);
  }

  @Override
  public void set(byte[] key, byte[] value) {
    byte[] k = writableKey(key);
    budget.checkValue(value.length);
    spend((long) k.length + value.length, AffectedBytes.set(k.length, value.length));
    write(() -> tr.set(k, value));
  }

  @Override
  public void clear(byte[] key) {
    byte[] k = writableKey(key);
    spend(k.length, AffectedBytes.clear(k.length));
    write(() -> tr.clear(k));
  }

  @Override
  public void clearRange(byte[] begin, byte[] end) {
    byte[] b = writableKey(begin);
    byte[] e = writableKey(end);
    if (Keys.compare(begin, end) < 0) {
      spend((long) b.length + e.length, AffectedBytes.clearRange(b.length, e.length));
      write(() -> tr.clear(b, e));
    } else {
      budget.spend(
          (long) b.length + e.length); // as every backend counts it; FoundationDB sees none
    }
  }

  @Override
  public void add(byte[] key, long delta) {
    byte[] k = writableKey(key);
    spend((long) k.length + Long.BYTES, AffectedBytes.atomic(k.length, Long.BYTES));
    byte[] operand =
        ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(delta).array();
    write(() -> tr.mutate(MutationType.ADD, k, operand));
  }

  @Override
  public void setVersionstampedKey(byte[] prefix, int userVersion, byte[] suffix, byte[] value) {
    requireOpen();
    if (userVersion < 0 || userVersion > 0xffff) {
      throw new StoreException(Code.INVALID, "userVersion " + userVersion + " must be in 0..65535");
    }
    int keyLength = VersionstampedKeys.keyLength(store.root(), prefix, suffix);
    budget.checkKey(keyLength);
    budget.checkValue(value.length);
    spend(
        (long) keyLength + value.length, AffectedBytes.versionstampedKey(keyLength, value.length));
    byte[] operand = VersionstampedKeys.operand(store.root(), prefix, userVersion, suffix);
    write(() -> tr.mutate(MutationType.SET_VERSIONSTAMPED_KEY, operand, value));
  }

  @Override
  public void requireValue(byte[] key, byte[] expected) {
    requireOpen();
    byte[] stored = store.toStored(key);
    affected.read(AffectedBytes.keyRead(stored.length)); // its read conflict key (Fences)
    fences.add(stored, expected);
  }

  @Override
  public void addReadConflictRange(byte[] begin, byte[] end) {
    requireOpen();
    if (Keys.compare(begin, end) < 0) {
      byte[] b = store.toStored(begin);
      byte[] e = store.toStored(end);
      affected.read(AffectedBytes.rangeRead(b.length, e.length));
      store.call(
          () -> {
            tr.addReadConflictRange(b, e);
            return null;
          });
    }
  }

  @Override
  public CompletableFuture<CommitResult> commitAsync() {
    if (state != State.OPEN) {
      return CompletableFuture.failedFuture(
          new StoreException(Code.INVALID, "transaction already " + state.name().toLowerCase()));
    }
    state = State.COMMITTING;
    StoreException refused = refusal();
    CompletableFuture<CommitResult> outcome;
    if (refused != null) {
      outcome = CompletableFuture.failedFuture(refused);
    } else {
      try {
        outcome = new FdbCommit(store, tr, readVersion, fences).run(wrote);
      } catch (RuntimeException e) {
        outcome = CompletableFuture.failedFuture(store.failure(e, Phase.COMMIT));
      }
    }
    commit = outcome.whenComplete((result, error) -> release());
    return commit;
  }

  @Override
  public long approximateSize() {
    // What FoundationDB holds against its limit: the writes and every conflict range.
    return affected.total();
  }

  @Override
  public void close() {
    if (state == State.OPEN) {
      state = State.CLOSED;
      release();
    }
  }

  /** The pending commit, or null when none was started. */
  CompletableFuture<CommitResult> commitInFlight() {
    return commit;
  }

  /** Frees the native transaction (cancelling what is pending on it), once. */
  void release() {
    if (released.compareAndSet(false, true)) {
      store.forget(this);
      tr.close();
    }
  }

  /** Why the commit must not even be tried, or null. */
  private StoreException refusal() {
    if (store.isClosed()) {
      return new StoreException(Code.UNAVAILABLE, "store is closed");
    }
    long age = store.now() - beganAtMillis;
    if (age > Limits.MAX_TRANSACTION_MILLIS) {
      return new StoreException(
          Code.TOO_OLD,
          "transaction is " + age + " ms old, limit " + Limits.MAX_TRANSACTION_MILLIS);
    }
    try {
      affected.checkCommit();
    } catch (StoreException e) {
      return e;
    }
    return null;
  }

  private void requireOpen() {
    if (state != State.OPEN) {
      throw new StoreException(Code.INVALID, "transaction is " + state.name().toLowerCase());
    }
  }

  private byte[] writableKey(byte[] key) {
    requireOpen();
    byte[] stored = store.toStored(key);
    budget.checkKey(stored.length);
    return stored;
  }

  /**
   * Spends {@code written} of the SPI's budget and {@code affectedBytes} of FoundationDB's, or
   * neither: a refused write costs nothing.
   */
  private void spend(long written, long affectedBytes) {
    affected.check(affectedBytes);
    budget.spend(written);
    affected.write(affectedBytes);
  }

  private void write(Runnable mutation) {
    store.call(
        () -> {
          mutation.run();
          return null;
        });
    wrote = true;
  }
}
