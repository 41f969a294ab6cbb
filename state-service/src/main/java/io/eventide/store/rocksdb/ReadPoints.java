package io.eventide.store.rocksdb;

import java.util.TreeMap;
import org.rocksdb.RocksDB;
import org.rocksdb.Snapshot;

/**
 * The latest published read point and every older one still used by a live transaction.
 *
 * <p>Publishing after the group's WriteBatch is written (rather than taking a fresh RocksDB
 * snapshot per transaction) makes a transaction's read version and its snapshot agree exactly, and
 * lets many transactions share one snapshot. The oldest live read version tells the conflict
 * history what it may prune.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe; one short lock, never held across I/O.
 */
final class ReadPoints {
  private final RocksDB db;
  private final TreeMap<Long, ReadPoint> live = new TreeMap<>();
  private ReadPoint latest;
  private boolean closed;

  ReadPoints(RocksDB db, long initialVersion) {
    this.db = db;
    this.latest = new ReadPoint(initialVersion, db.getSnapshot());
    latest.references = 1; // the "latest" reference itself
    live.put(initialVersion, latest);
  }

  /** Takes a reference on the latest read point; pair with {@link #release}. */
  synchronized ReadPoint acquire() {
    latest.references++;
    return latest;
  }

  synchronized void release(ReadPoint point) {
    if (--point.references == 0 && !closed) {
      live.remove(point.version);
      db.releaseSnapshot(point.snapshot);
    }
  }

  /** Makes {@code version} (already written) the read point of new transactions. */
  void publish(long version) {
    Snapshot snapshot = db.getSnapshot();
    ReadPoint next = new ReadPoint(version, snapshot);
    next.references = 1;
    ReadPoint previous;
    synchronized (this) {
      previous = latest;
      latest = next;
      live.put(version, next);
    }
    release(previous);
  }

  synchronized long latestVersion() {
    return latest.version;
  }

  /** The smallest read version any live transaction (or a new one) can have. */
  synchronized long oldestLiveVersion() {
    return live.firstKey();
  }

  /**
   * Releases every snapshot; transactions still open must no longer read (the store guards that).
   */
  synchronized void close() {
    closed = true;
    for (ReadPoint point : live.values()) {
      db.releaseSnapshot(point.snapshot);
    }
    live.clear();
  }
}
