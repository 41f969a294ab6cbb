package io.eventide.store.remote;

import io.eventide.store.Store;
import io.eventide.store.StoreConformanceSuite;
import io.eventide.store.backends.Stores;
import io.eventide.store.rocksdb.RocksStoreOptions;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * The remote backend, serving the embedded store over loopback gRPC, against the conformance suite.
 */
class RemoteStoreConformanceTest extends StoreConformanceSuite {
  @Override
  protected Store openStore(Path dir) {
    return ServedStore.serve(Stores.rocksdb(dir));
  }

  @Override
  protected Store openStoreWithClock(Path dir, LongSupplier millisClock) {
    return ServedStore.serve(
        Stores.rocksdb(dir, RocksStoreOptions.defaults().withMillisClock(millisClock)));
  }
}
