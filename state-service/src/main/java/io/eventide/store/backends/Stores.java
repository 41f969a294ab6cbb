package io.eventide.store.backends;

import io.eventide.store.Store;
import io.eventide.store.remote.RemoteStore;
import io.eventide.store.remote.RemoteStoreOptions;
import io.eventide.store.rocksdb.RocksStore;
import io.eventide.store.rocksdb.RocksStoreOptions;
import java.nio.file.Path;

/**
 * Opens a store backend. It sits apart from the store's interfaces ({@code io.eventide.store}),
 * which the backends implement: the interfaces depend on no backend.
 *
 * <pre>{@code
 * try (Store store = Stores.rocksdb(dir.resolve("data"))) {
 *   store.begin().close();
 * }
 * }</pre>
 */
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

  /**
   * A client of the state-service at {@code host:port} (see {@link RemoteStore}), default
   * deadlines.
   */
  public static Store remote(String host, int port) {
    return RemoteStore.connect(host, port, RemoteStoreOptions.defaults());
  }

  /** A client of the state-service at {@code host:port} with the given deadlines. */
  public static Store remote(String host, int port, RemoteStoreOptions options) {
    return RemoteStore.connect(host, port, options);
  }
}
