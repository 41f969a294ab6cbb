package io.eventide.store.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.store.CommitResult;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.TransactionRunner;
import io.eventide.store.Versionstamps;
import io.eventide.store.WriteBudget;
import io.eventide.store.backends.Stores;
import io.eventide.store.fdb.FdbClusterFile;
import io.eventide.store.fdb.FdbRunner;
import io.eventide.store.fdb.FdbStore;
import io.eventide.store.remote.RemoteStoreOptions;
import io.eventide.store.remote.RemoteStoreServer;
import io.eventide.store.remote.RemoteStoreServerOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Javadoc examples of the store SPI, run against the embedded RocksDB store. */
class StoreExamplesTest {
  @TempDir Path dir;

  final byte[] key = "greeting".getBytes(UTF_8);
  final byte[] value = "hello".getBytes(UTF_8);
  final byte[] counter = "counter".getBytes(UTF_8);

  @Test
  void aTransactionCommitsItsWrites() throws Exception {
    try (Store store = Stores.rocksdb(dir)) {
      // javadoc: Store
      try (Transaction tx = store.begin()) {
        tx.set(key, value);
        tx.commitAsync().join();
      }
      // end javadoc
      assertThat(read(store, key)).isEqualTo(value);
    }
  }

  @Test
  void aBackendOpensInItsDirectory() {
    // javadoc: Stores
    try (Store store = Stores.rocksdb(dir.resolve("data"))) {
      store.begin().close();
    }
    // end javadoc
    assertThat(dir.resolve("data")).isDirectory();
  }

  @Test
  void aRunnerCommitsItsBody() throws Exception {
    try (Store store = Stores.rocksdb(dir)) {
      // javadoc: TransactionRunner
      try (TransactionRunner runner = new TransactionRunner(store)) {
        long n =
            runner.run(
                tx -> {
                  tx.add(counter, 1);
                  return 1L;
                });
      }
      // end javadoc
      assertThat(ByteBuffer.wrap(read(store, counter)).order(ByteOrder.LITTLE_ENDIAN).getLong())
          .isEqualTo(1);
    }
  }

  @Test
  void aBudgetCountsWhatATransactionWrites() {
    WriteBudget budget = new WriteBudget();
    // javadoc: WriteBudget
    budget.checkKey(key.length);
    budget.checkValue(value.length);
    budget.spend(key.length + value.length);
    // end javadoc
    assertThat(budget.spent()).isEqualTo(key.length + value.length);
  }

  @Test
  void commitsSortByVersionstamp() {
    try (Store store = Stores.rocksdb(dir)) {
      List<CommitResult> results = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        try (Transaction tx = store.begin()) {
          tx.set(key, value);
          results.add(0, tx.commitAsync().join());
        }
      }
      // javadoc: Versionstamps
      results.sort(Comparator.comparing(CommitResult::versionstamp, Versionstamps.COMMIT_ORDER));
      // end javadoc
      assertThat(results).extracting(CommitResult::version).isSorted();
    }
  }

  @Test
  void optionsAreChangedOneAtATime() {
    // javadoc: RemoteStoreOptions
    RemoteStoreOptions fast = RemoteStoreOptions.defaults().withCallTimeout(Duration.ofSeconds(1));
    // end javadoc
    // javadoc: RemoteStoreServerOptions
    RemoteStoreServerOptions small = RemoteStoreServerOptions.defaults().withMaxSessions(64);
    // end javadoc
    // javadoc: FdbClusterFile
    Path clusterFile = FdbClusterFile.configured().orElse(FdbClusterFile.DEFAULT);
    // end javadoc

    assertThat(fast.callTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(small.maxSessions()).isEqualTo(64);
    assertThat(clusterFile).isNotNull();
  }

  /**
   * Compiled, not run: they need a FoundationDB cluster, or a state-service at the addresses they
   * name; the conformance suites run those backends.
   */
  void elsewhere() throws Exception {
    // javadoc: FdbStore
    try (FdbStore store = FdbStore.open(Path.of("/etc/foundationdb/fdb.cluster"));
        Transaction tx = store.begin()) {
      tx.set(key, value);
      tx.commitAsync().join();
    }
    // end javadoc
    try (Store store = FdbStore.open(FdbClusterFile.DEFAULT)) {
      // javadoc: FdbRunner
      try (FdbRunner runner = new FdbRunner(store)) {
        runner.run(
            tx -> {
              tx.add(counter, 1);
              return null;
            }); // counted once, whatever happens
      }
      // end javadoc
    }
    // javadoc: RemoteStore
    try (Store store = Stores.remote("state-service", 7600)) {
      try (Transaction tx = store.begin()) {
        tx.set(key, value);
        tx.commitAsync().join();
      }
    }
    // end javadoc
    // javadoc: RemoteStoreServer
    try (Store store = Stores.rocksdb(dir);
        RemoteStoreServer server = RemoteStoreServer.start(store, "10.0.0.5", 7600)) {
      awaitShutdown(server);
    }
    // end javadoc
  }

  /** What a launcher does until it is told to stop; then the server closes first, and the store. */
  private static void awaitShutdown(RemoteStoreServer server) throws InterruptedException {
    Thread.currentThread().join();
  }

  private static byte[] read(Store store, byte[] key) {
    try (Transaction tx = store.begin()) {
      return tx.get(key);
    }
  }
}
