package io.eventide.store.rocksdb;

import org.rocksdb.Snapshot;

/**
 * A committed version and the RocksDB snapshot that shows exactly the commits up to it. Shared by
 * every transaction that begins while it is the latest; reference-counted by {@link ReadPoints}.
 */
final class ReadPoint {
  final long version;
  final Snapshot snapshot;

  /** Guarded by the owning {@link ReadPoints}' lock. */
  int references;

  ReadPoint(long version, Snapshot snapshot) {
    this.version = version;
    this.snapshot = snapshot;
  }
}
