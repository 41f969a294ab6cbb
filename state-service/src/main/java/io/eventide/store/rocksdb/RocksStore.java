package io.eventide.store.rocksdb;

import io.eventide.store.CommitResult;
import io.eventide.store.KeyValue;
import io.eventide.store.Store;
import io.eventide.store.StoreException;
import io.eventide.store.StoreException.Code;
import io.eventide.store.Transaction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.Snapshot;

/**
 * The embedded backend: FoundationDB's transaction model on one RocksDB instance.
 *
 * <ul>
 *   <li>A transaction reads at the latest published commit version through a RocksDB snapshot that
 *       shows exactly that version.
 *   <li>Commits are resolved optimistically by one committer thread against the writes of recent
 *       commit groups (see {@link ConflictHistory}), then applied group by group in one synced
 *       WriteBatch. Each commit gets its own version (persisted, so versions keep increasing across
 *       restarts) and versionstamp {@code version (8 bytes BE) + batch order (2 bytes BE)}.
 *   <li>Commit futures complete in commit order, on the committer thread, after the fsync and after
 *       the new version is readable: dependent stages that block or take long must use the {@code
 *       *Async} variants of {@link CompletableFuture}.
 *   <li>Back-pressure: when the commit queue ({@link RocksStoreOptions#commitQueueCapacity}) is
 *       full, {@code commitAsync} fails fast with {@code UNAVAILABLE} (retryable) rather than
 *       block.
 * </ul>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe. Reads and commit submissions hold a shared lock so that {@link #close} never frees
 * native memory under them; afterwards they fail with {@code UNAVAILABLE}.
 */
public final class RocksStore implements Store {
  private static final long CLOSE_TIMEOUT_MILLIS = 10_000;

  private final RocksResources rocks;
  private final ReadPoints readPoints;
  private final Committer committer;
  private final RocksStoreOptions options;
  private final ReentrantReadWriteLock guard = new ReentrantReadWriteLock();
  private volatile boolean closed;

  private RocksStore(Path dir, RocksStoreOptions options) {
    this.options = options;
    this.rocks = RocksResources.open(dir, options);
    long version = rocks.persistedVersion();
    this.readPoints = new ReadPoints(rocks.db, version);
    this.committer =
        new Committer(
            rocks, readPoints, options, version, "eventide-rocks-committer-" + dir.getFileName());
    committer.start();
  }

  /** Opens (creating if needed) the store in {@code dir}. */
  public static RocksStore open(Path dir, RocksStoreOptions options) {
    return new RocksStore(dir, options);
  }

  @Override
  public Transaction begin() {
    return guarded(() -> new RocksTransaction(this, readPoints.acquire(), now()));
  }

  @Override
  public String backend() {
    return "rocksdb";
  }

  /** The latest committed version. */
  public long latestVersion() {
    return readPoints.latestVersion();
  }

  /**
   * Writes a consistent copy of the store into {@code target} (which must not exist; its parent
   * must) while it keeps serving: every commit acknowledged before the call is in it, and no part
   * of a later one. SST files are hard-linked when {@code target} is on the same file system.
   */
  public void checkpoint(Path target) {
    guarded(
        () -> {
          Checkpoints.create(rocks, target);
          return null;
        });
  }

  /**
   * Moves the commit version of the closed store in {@code dir} forward by {@code by}, so that a
   * restored copy never hands out a version (an egress offset, a message id) that the store it was
   * copied from may have handed out after the copy. Returns the new version.
   */
  public static long advanceVersion(Path dir, long by) {
    return Checkpoints.advanceVersion(dir, by);
  }

  @Override
  public void close() {
    try {
      if (!guard.writeLock().tryLock(CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
        throw new StoreException(
            Code.IO, "reads did not finish within " + CLOSE_TIMEOUT_MILLIS + " ms of close");
      }
      try {
        if (closed) {
          return;
        }
        closed = true;
      } finally {
        guard.writeLock().unlock();
      }
      committer.stop(CLOSE_TIMEOUT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(Code.UNAVAILABLE, "interrupted while closing", e);
    }
    readPoints.close();
    rocks.close();
  }

  /** Commit groups the resolver still remembers (for tests of pruning). */
  int conflictHistoryGroups() {
    return committer.historyGroups();
  }

  long now() {
    return options.millisClock().getAsLong();
  }

  void release(ReadPoint point) {
    readPoints.release(point);
  }

  byte[] pointRead(ReadOptions readOptions, byte[] key) {
    return guarded(
        () -> {
          try {
            return rocks.db.get(rocks.familyOf(key), readOptions, key);
          } catch (RocksDBException e) {
            throw new StoreException(Code.IO, "read failed: " + e.getMessage(), e);
          }
        });
  }

  /** The value of each of {@code keys}, or null, in their order: one {@code MultiGet}. */
  List<byte[]> pointReads(ReadOptions readOptions, List<byte[]> keys) {
    return guarded(
        () -> {
          try {
            List<ColumnFamilyHandle> families = new ArrayList<>(keys.size());
            for (byte[] key : keys) {
              families.add(rocks.familyOf(key));
            }
            return rocks.db.multiGetAsList(readOptions, families, keys);
          } catch (RocksDBException e) {
            throw new StoreException(Code.IO, "read failed: " + e.getMessage(), e);
          }
        });
  }

  List<KeyValue> rangeRead(
      Snapshot snapshot, LocalWrites local, byte[] begin, byte[] end, int limit, boolean reverse) {
    return guarded(() -> RangeScan.scan(rocks, snapshot, local, begin, end, limit, reverse));
  }

  List<List<KeyValue>> rangeReads(
      Snapshot snapshot, LocalWrites local, List<byte[][]> ranges, int limit) {
    return guarded(() -> RangeScan.scanAll(rocks, snapshot, local, ranges, limit));
  }

  CompletableFuture<CommitResult> submit(PendingCommit commit) {
    return guarded(
        () -> {
          if (!committer.offer(commit)) {
            commit
                .future()
                .completeExceptionally(
                    new StoreException(
                        Code.UNAVAILABLE,
                        "commit queue full (" + options.commitQueueCapacity() + "); retry later"));
          }
          return commit.future();
        });
  }

  private <T> T guarded(Supplier<T> action) {
    guard.readLock().lock();
    try {
      if (closed) {
        throw new StoreException(Code.UNAVAILABLE, "store is closed");
      }
      return action.get();
    } finally {
      guard.readLock().unlock();
    }
  }
}
