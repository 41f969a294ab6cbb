package io.eventide.store.rocksdb;

import io.eventide.store.CommitResult;
import io.eventide.store.KeyValue;
import io.eventide.store.Keys;
import io.eventide.store.Limits;
import io.eventide.store.ReadView;
import io.eventide.store.StoreException;
import io.eventide.store.StoreException.Code;
import io.eventide.store.Transaction;
import io.eventide.store.WriteBudget;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.rocksdb.ReadOptions;

/**
 * A transaction of {@link RocksStore}: snapshot reads with read-your-writes, buffered mutations in
 * program order, read-conflict ranges, fences; limits are checked at each write call. As in
 * FoundationDB, versionstamped keys are not visible to this transaction's own reads (their key is
 * only known at commit), and a read fully decided by its own writes records no read conflict.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe (one thread at a time). Its read point is released exactly once: on {@link
 * #close} of an uncommitted transaction, or when its commit completes (on the committer thread).
 */
final class RocksTransaction implements Transaction {
  /**
   * From this many prefixes on, {@link #getPrefixes} reads them all with one iterator ({@link
   * RangeScan#scanAll}): a new iterator costs about as much as five seeks of a live one, and a few
   * prefixes far apart (a sweep's topology, signals and watermarks) keep their exact bounds.
   */
  static final int ONE_ITERATOR_FROM = 8;

  private enum State {
    OPEN,
    COMMITTING,
    CLOSED
  }

  private final RocksStore store;
  private final ReadPoint readPoint;
  private final ReadOptions readOptions;
  private final long beganAtMillis;
  // Built from the mutations only when a read needs it: most transactions here (batch commits,
  // ingestion) write thousands of keys and never read one back.
  private final LocalWrites local = new LocalWrites();
  private int replayed; // mutations already applied to local
  private final List<Mutation> mutations = new ArrayList<>();
  private final List<byte[]> readRanges = new ArrayList<>();
  private final List<PendingCommit.Fence> fences = new ArrayList<>();
  private final AtomicBoolean released = new AtomicBoolean();
  private final ReadView snapshotView = new SnapshotView();
  private State state = State.OPEN;
  private final WriteBudget budget = new WriteBudget();

  RocksTransaction(RocksStore store, ReadPoint readPoint, long beganAtMillis) {
    this.store = store;
    this.readPoint = readPoint;
    this.beganAtMillis = beganAtMillis;
    this.readOptions = new ReadOptions().setSnapshot(readPoint.snapshot);
  }

  @Override
  public ReadView snapshot() {
    return snapshotView;
  }

  @Override
  public long readVersion() {
    return readPoint.version;
  }

  /** This transaction's writes as its reads must see them, brought up to date. */
  private LocalWrites local() {
    for (; replayed < mutations.size(); replayed++) {
      Mutation m = mutations.get(replayed);
      if (m instanceof Mutation.Set set) {
        local.set(set.key(), set.value());
      } else if (m instanceof Mutation.Clear clear) {
        local.clear(clear.key());
      } else if (m instanceof Mutation.ClearRange range) {
        local.clearRange(range.begin(), range.end());
      } else if (m instanceof Mutation.Add add) {
        local.add(add.key(), add.delta());
      }
      // Versionstamped keys are unknown until commit, so reads do not see them (as in FDB).
    }
    return local;
  }

  @Override
  public byte[] get(byte[] key) {
    return read(key, false);
  }

  @Override
  public List<byte[]> getMany(List<byte[]> keys) {
    return readMany(keys, false);
  }

  @Override
  public List<KeyValue> getRange(byte[] begin, byte[] end, int limit, boolean reverse) {
    return readRange(begin, end, limit, reverse, false);
  }

  @Override
  public List<List<KeyValue>> getPrefixes(List<byte[]> prefixes) {
    return readPrefixes(prefixes, false);
  }

  private byte[] read(byte[] key, boolean snapshot) {
    requireState(State.OPEN);
    LocalWrites.Entry entry = local().entry(key);
    if (entry != null && !entry.pendingAdd()) {
      return entry.value(); // fully decided by this transaction: no read conflict, as in FDB
    }
    if (!snapshot) {
      addPointReadConflict(key);
    }
    byte[] stored = store.pointRead(readOptions, key);
    return entry == null ? stored : entry.resolve(stored);
  }

  /**
   * {@link #read} of each key, those this transaction does not decide in one {@code MultiGet}: a
   * slice's idempotency keys are thousands of point reads, each its own crossing into RocksDB.
   */
  private List<byte[]> readMany(List<byte[]> keys, boolean snapshot) {
    requireState(State.OPEN);
    LocalWrites writes = local();
    LocalWrites.Entry[] entries = new LocalWrites.Entry[keys.size()];
    List<byte[]> values = new ArrayList<>(keys.size());
    List<byte[]> unread = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      byte[] key = keys.get(i);
      LocalWrites.Entry entry = writes.entry(key);
      entries[i] = entry;
      if (entry != null && !entry.pendingAdd()) {
        values.add(entry.value());
        continue;
      }
      if (!snapshot) {
        addPointReadConflict(key);
      }
      values.add(null);
      unread.add(key);
    }
    if (unread.isEmpty()) {
      return values;
    }
    List<byte[]> stored = store.pointReads(readOptions, unread);
    for (int i = 0, next = 0; i < keys.size(); i++) {
      LocalWrites.Entry entry = entries[i];
      if (entry == null || entry.pendingAdd()) {
        byte[] value = stored.get(next++);
        values.set(i, entry == null ? value : entry.resolve(value));
      }
    }
    return values;
  }

  private List<KeyValue> readRange(
      byte[] begin, byte[] end, int limit, boolean reverse, boolean snapshot) {
    requireState(State.OPEN);
    if (limit < 0) {
      throw new StoreException(Code.INVALID, "limit " + limit + " must be ≥ 0");
    }
    List<KeyValue> result =
        store.rangeRead(readPoint.snapshot, local(), begin, end, limit, reverse);
    if (!snapshot) {
      addReadConflict(begin, end, limit, reverse, result);
    }
    return result;
  }

  /** Each prefix's keys, ascending: {@link #readRange} of each, sharing one iterator when many. */
  private List<List<KeyValue>> readPrefixes(List<byte[]> prefixes, boolean snapshot) {
    requireState(State.OPEN);
    List<byte[][]> ranges = new ArrayList<>(prefixes.size());
    for (byte[] prefix : prefixes) {
      ranges.add(new byte[][] {prefix, Keys.strinc(prefix)});
    }
    if (ranges.size() < ONE_ITERATOR_FROM) {
      List<List<KeyValue>> all = new ArrayList<>(ranges.size());
      for (byte[][] range : ranges) {
        all.add(readRange(range[0], range[1], 0, false, snapshot));
      }
      return all;
    }
    List<List<KeyValue>> all = store.rangeReads(readPoint.snapshot, local(), ranges, 0);
    if (!snapshot) {
      for (int i = 0; i < ranges.size(); i++) {
        addReadConflict(ranges.get(i)[0], ranges.get(i)[1], 0, false, all.get(i));
      }
    }
    return all;
  }

  /** The read conflict of a range read that returned {@code result}. */
  private void addReadConflict(
      byte[] begin, byte[] end, int limit, boolean reverse, List<KeyValue> result) {
    if (Keys.compare(begin, end) < 0) {
      // Only what the read could see: a limited read conflicts up to its last key, so appends
      // beyond it (e.g. new inbox entries) do not abort a consumer.
      boolean full = limit > 0 && result.size() == limit;
      byte[] last = full ? result.get(result.size() - 1).key() : null;
      if (!full) {
        addReadConflictRange(begin, end);
      } else if (reverse) {
        addReadConflictRange(last, end);
      } else {
        addReadConflictRange(begin, Keys.keyAfter(last));
      }
    }
  }

  @Override
  public void set(byte[] key, byte[] value) {
    checkKey(key);
    checkValue(value);
    charge(key.length + value.length);
    byte[] k = key.clone();
    byte[] v = value.clone();
    mutations.add(new Mutation.Set(k, v));
  }

  @Override
  public void clear(byte[] key) {
    checkKey(key);
    charge(key.length);
    byte[] k = key.clone();
    mutations.add(new Mutation.Clear(k));
  }

  @Override
  public void clearRange(byte[] begin, byte[] end) {
    checkKey(begin);
    checkKey(end);
    charge(begin.length + end.length);
    if (Keys.compare(begin, end) < 0) {
      byte[] b = begin.clone();
      byte[] e = end.clone();
      mutations.add(new Mutation.ClearRange(b, e));
    }
  }

  @Override
  public void add(byte[] key, long delta) {
    checkKey(key);
    charge(key.length + Long.BYTES);
    byte[] k = key.clone();
    mutations.add(new Mutation.Add(k, delta));
  }

  @Override
  public void setVersionstampedKey(byte[] prefix, int userVersion, byte[] suffix, byte[] value) {
    requireState(State.OPEN);
    if (userVersion < 0 || userVersion > 0xffff) {
      throw new StoreException(Code.INVALID, "userVersion " + userVersion + " must be in 0..65535");
    }
    int keyLength = prefix.length + 13 + suffix.length;
    budget.checkKey(keyLength);
    checkValue(value);
    charge(keyLength + value.length);
    mutations.add(
        new Mutation.VersionstampedSet(prefix.clone(), userVersion, suffix.clone(), value.clone()));
  }

  @Override
  public void requireValue(byte[] key, byte[] expected) {
    requireState(State.OPEN);
    fences.add(new PendingCommit.Fence(key.clone(), expected == null ? null : expected.clone()));
  }

  /** The read conflict of a point read, {@code [key, key + 0x00)}: its end is a copy already. */
  private void addPointReadConflict(byte[] key) {
    requireState(State.OPEN);
    readRanges.add(key.clone());
    readRanges.add(Keys.keyAfter(key));
  }

  @Override
  public void addReadConflictRange(byte[] begin, byte[] end) {
    requireState(State.OPEN);
    readRanges.add(begin.clone());
    readRanges.add(end.clone());
  }

  @Override
  public CompletableFuture<CommitResult> commitAsync() {
    if (state != State.OPEN) {
      return CompletableFuture.failedFuture(
          new StoreException(Code.INVALID, "transaction already " + state.name().toLowerCase()));
    }
    state = State.COMMITTING;
    long age = store.now() - beganAtMillis;
    if (age > Limits.MAX_TRANSACTION_MILLIS) {
      releaseOnce();
      return CompletableFuture.failedFuture(
          new StoreException(
              Code.TOO_OLD,
              "transaction is " + age + " ms old, limit " + Limits.MAX_TRANSACTION_MILLIS));
    }
    if (mutations.isEmpty() && fences.isEmpty()) {
      // Read-only: serializable at its read version, nothing to resolve.
      releaseOnce();
      byte[] stamp = ByteBuffer.allocate(10).putLong(readPoint.version).putShort((short) 0).array();
      return CompletableFuture.completedFuture(new CommitResult(readPoint.version, stamp));
    }
    CompletableFuture<CommitResult> future = new CompletableFuture<>();
    PendingCommit pending =
        new PendingCommit(readPoint.version, mutations, readRanges, fences, budget.spent(), future);
    // Keep the read point (and so this read version) live until resolved: the history must not be
    // pruned under a pending commit.
    future.whenComplete((result, error) -> releaseOnce());
    try {
      return store.submit(pending);
    } catch (StoreException e) {
      future.completeExceptionally(e);
      return future;
    }
  }

  @Override
  public long approximateSize() {
    return budget.spent();
  }

  @Override
  public void close() {
    if (state == State.OPEN) {
      state = State.CLOSED;
      releaseOnce();
    }
  }

  private void releaseOnce() {
    if (released.compareAndSet(false, true)) {
      readOptions.close();
      store.release(readPoint);
    }
  }

  private void requireState(State expected) {
    if (state != expected) {
      throw new StoreException(Code.INVALID, "transaction is " + state.name().toLowerCase());
    }
  }

  private void checkKey(byte[] key) {
    requireState(State.OPEN);
    budget.checkKey(key.length);
  }

  private void checkValue(byte[] value) {
    budget.checkValue(value.length);
  }

  private void charge(long more) {
    budget.spend(more);
  }

  /** Reads that record no conflicts but still see this transaction's writes. */
  private final class SnapshotView implements ReadView {
    @Override
    public byte[] get(byte[] key) {
      return read(key, true);
    }

    @Override
    public List<byte[]> getMany(List<byte[]> keys) {
      return readMany(keys, true);
    }

    @Override
    public List<KeyValue> getRange(byte[] begin, byte[] end, int limit, boolean reverse) {
      return readRange(begin, end, limit, reverse, true);
    }

    @Override
    public List<List<KeyValue>> getPrefixes(List<byte[]> prefixes) {
      return readPrefixes(prefixes, true);
    }
  }
}
