package io.eventide.store.rocksdb;

import io.eventide.store.StoreException;
import io.eventide.store.StoreException.Code;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rocksdb.Checkpoint;
import org.rocksdb.RocksDBException;

/**
 * Online checkpoints of the embedded store, and the one change a restored copy needs before it is
 * opened as a store of its own.
 *
 * <p>A checkpoint is RocksDB's own: it stops file deletions, flushes the memtables, hard-links the
 * SST files (copies them across file systems) and copies the live write-ahead logs up to their size
 * at that moment. Every commit group is one WriteBatch, one WAL record, and recovery stops at the
 * first incomplete record, so the copy holds a prefix of the groups: every commit acknowledged
 * before the checkpoint began, none of a group in part.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless; a checkpoint runs beside commits and reads on the open database.
 */
final class Checkpoints {
  private Checkpoints() {}

  /** Writes a checkpoint of {@code rocks} into {@code target}, which must not exist yet. */
  static void create(RocksResources rocks, Path target) {
    if (Files.exists(target)) {
      throw new StoreException(Code.INVALID, "checkpoint target " + target + " exists already");
    }
    try (Checkpoint checkpoint = Checkpoint.create(rocks.db)) {
      checkpoint.createCheckpoint(target.toString());
    } catch (RocksDBException e) {
      throw new StoreException(
          Code.IO, "cannot write a checkpoint to " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Moves the persisted commit version of the store in {@code dir} (closed) forward by {@code by};
   * returns the new version.
   */
  static long advanceVersion(Path dir, long by) {
    if (by < 1) {
      throw new IllegalArgumentException("the version must move forward, not by " + by);
    }
    if (!Files.isRegularFile(dir.resolve("CURRENT"))) {
      throw new StoreException(Code.INVALID, dir + " holds no RocksDB database");
    }
    try (RocksResources rocks = RocksResources.open(dir, RocksStoreOptions.defaults())) {
      long version = Math.addExact(rocks.persistedVersion(), by);
      rocks.db.put(
          rocks.meta, rocks.syncWrites, RocksResources.VERSION_KEY, Bytes.writeBigEndian(version));
      return version;
    } catch (RocksDBException | ArithmeticException e) {
      throw new StoreException(Code.IO, "cannot move the commit version of " + dir + ": " + e, e);
    }
  }
}
