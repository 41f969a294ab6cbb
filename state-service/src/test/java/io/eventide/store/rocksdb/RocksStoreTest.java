package io.eventide.store.rocksdb;

import io.eventide.store.Store;
import io.eventide.store.StoreConformanceSuite;
import io.eventide.store.backends.Stores;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/** The embedded backend against the conformance suite. */
class RocksStoreTest extends StoreConformanceSuite {
  @Override
  protected Store openStore(Path dir) {
    return Stores.rocksdb(dir);
  }

  @Override
  protected Store openStoreWithClock(Path dir, LongSupplier millisClock) {
    return Stores.rocksdb(dir, RocksStoreOptions.defaults().withMillisClock(millisClock));
  }
}
