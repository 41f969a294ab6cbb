package io.eventide.store.fdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.apple.foundationdb.tuple.Tuple;
import io.eventide.store.Store;
import io.eventide.store.StoreConformanceSuite;
import io.eventide.store.StoreException.Code;
import io.eventide.store.Transaction;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The FoundationDB backend against the conformance suite, whenever a cluster is configured (see
 * {@link FdbTestCluster}); skipped with a message saying what to set up otherwise. Each test dir
 * gets its own root under {@code ("eventide-test", <run>)}, so reopening a dir sees its data and
 * tests do not see each other's; the whole run is cleared afterwards.
 */
class FdbStoreConformanceTest extends StoreConformanceSuite {
  private static final byte[] RUN_ROOT =
      Tuple.from("eventide-test", UUID.randomUUID().toString()).pack();
  private static Path clusterFile; // set by the first test that finds a cluster

  @AfterAll
  static void clearRun() {
    if (clusterFile == null) {
      return;
    }
    try (FdbStore run = FdbStore.open(clusterFile, FdbStoreOptions.defaults().withRoot(RUN_ROOT));
        Transaction tx = run.begin()) {
      tx.clearRange(new byte[0], new byte[] {(byte) 0xff});
      commit(tx);
    }
  }

  // Each test asks (rather than the class, once) so that every skipped test carries the reason:
  // Surefire reports a class-level skip as zero tests, without a message.
  @Override
  protected Store openStore(Path dir) {
    clusterFile = FdbTestCluster.require();
    return FdbStore.open(clusterFile, options(dir));
  }

  @Override
  protected Store openStoreWithClock(Path dir, LongSupplier millisClock) {
    return FdbStore.open(FdbTestCluster.require(), options(dir).withMillisClock(millisClock));
  }

  private static FdbStoreOptions options(Path dir) {
    byte[] root = Tuple.fromBytes(RUN_ROOT).add(dir.toString()).pack();
    return FdbStoreOptions.defaults().withRoot(root);
  }

  @Test
  public void backendIsFdb() {
    assertThat(store.backend()).isEqualTo("fdb");
  }

  @Test
  public void aFenceIgnoresTheTransactionsOwnRewriteOfItsKey() {
    write(key("lease"), bytes("epoch-1/until-10"));
    try (Transaction renew = store.begin()) {
      renew.requireValue(key("lease"), bytes("epoch-1/until-10"));
      renew.set(key("lease"), bytes("epoch-1/until-20"));
      commit(renew);
    }
    assertThat(string(read(key("lease")))).isEqualTo("epoch-1/until-20");
  }

  @Test
  public void aFenceMovedAfterTheReadVersionIsReportedFencedNotConflict() {
    write(key("lease"), bytes("epoch-1"));
    try (Transaction stale = store.begin()) {
      stale.readVersion(); // the read version is fixed before the lease moves
      stale.requireValue(key("lease"), bytes("epoch-1"));
      stale.set(key("work"), bytes("stale"));
      write(key("lease"), bytes("epoch-2"));
      assertThat(commitFailure(stale)).isEqualTo(Code.FENCED);
    }
    assertThat(read(key("work"))).isNull();
  }

  @Test
  public void theRunnerAppliesEachLogicalCommitOnce() throws Exception {
    try (FdbRunner runner = new FdbRunner(store)) {
      inParallel(
          4,
          25,
          i ->
              runner.run(
                  tx -> {
                    tx.add(key("runner-counter"), 1);
                    byte[] current = tx.get(key("runner-shared"));
                    long next = (current == null ? 0 : Tuple.fromBytes(current).getLong(0)) + 1;
                    tx.set(key("runner-shared"), Tuple.from(next).pack());
                    return next;
                  }));
    }
    assertThat(littleEndian(read(key("runner-counter")))).isEqualTo(100);
    assertThat(Tuple.fromBytes(read(key("runner-shared"))).getLong(0)).isEqualTo(100);
  }
}
