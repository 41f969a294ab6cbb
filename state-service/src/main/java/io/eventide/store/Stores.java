package io.eventide.store;

import io.eventide.store.rocksdb.RocksStore;
import io.eventide.store.rocksdb.RocksStoreOptions;
import java.nio.file.Path;

/** Opens store backends. */
public final class Stores {
  private Stores() {}

  /** The embedded RocksDB store in {@code dir} (created if missing), with default tuning. */
  public static Store rocksdb(Path dir) {
    return RocksStore.open(dir, RocksStoreOptions.defaults());
  }

  /** The embedded RocksDB store in {@code dir} with the given tuning. */
  public static Store rocksdb(Path dir, RocksStoreOptions options) {
    return RocksStore.open(dir, options);
  }
}
