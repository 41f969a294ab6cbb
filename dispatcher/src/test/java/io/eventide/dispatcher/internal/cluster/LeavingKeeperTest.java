package io.eventide.dispatcher.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.dispatcher.api.ClusterSettings;
import io.eventide.store.Transaction;
import io.eventide.store.TransactionRunner;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lease keepers started as a dispatcher starts them (rounds on their own thread, the heartbeat on
 * its own), on a real RocksDB store whose rounds' reads a test can hold: what a graceful stop waits
 * for, and what it does not.
 */
class LeavingKeeperTest {
  private static final int GROUPS = 16;

  @TempDir Path dir;
  private final Keyspace keyspace = new Keyspace("test");
  private RoundReadsGate store;
  private TransactionRunner runner;

  @BeforeEach
  void open() {
    store = new RoundReadsGate(Stores.rocksdb(dir));
    runner = new TransactionRunner(store);
  }

  @AfterEach
  void close() {
    store.open();
    runner.close();
    store.close();
  }

  @Test
  void aStopDoesNotWaitForTheReadOfALeaseRoundInProgress() throws Exception {
    LeaseTable leases = new LeaseTable(keyspace, "a", GROUPS);
    LeaseKeeper a = keeper("a", leases, Successors.NONE);
    a.start();
    assertThat(leases.held()).hasSize(GROUPS);

    store.shut();
    a.tickSoon();
    store.reached().get(5, TimeUnit.SECONDS); // a round is reading, and its read does not end
    CompletableFuture<Void> stopped = CompletableFuture.runAsync(a::close);

    // Its view would be discarded: the stop hands over from the last round's.
    assertThat(stopped).succeedsWithin(Duration.ofSeconds(5));
    assertThat(leases.held()).isEmpty();
    for (int kg = 0; kg < GROUPS; kg++) {
      assertThat(LeaseTable.parse(stored(keyspace.lease(kg))).getOwner()).isEmpty();
    }
    assertThat(stored(keyspace.member("a"))).as("membership removed").isNull();
    store.open();
    assertThat(a.tickSoon()).as("no round after the stop").isDone();
    assertThat(stored(keyspace.member("a"))).as("and none brought it back").isNull();
  }

  @Test
  void aSuccessorAdoptsWhileItsOwnRoundIsStillReading() throws Exception {
    LeaseTable aLeases = new LeaseTable(keyspace, "a", GROUPS);
    LeaseTable bLeases = new LeaseTable(keyspace, "b", GROUPS);
    AtomicReference<LeaseKeeper> b = new AtomicReference<>();
    LeaseKeeper a = keeper("a", aLeases, (endpoint, values) -> b.get().adopt("a", values));
    a.start();
    b.set(keeper("b", bLeases, Successors.NONE));
    b.get().start();
    a.tickSoon().get(5, TimeUnit.SECONDS); // a's view has b, to name it successor of them all

    store.shut();
    b.get().tickSoon();
    store.reached().get(5, TimeUnit.SECONDS); // b's round is reading, as when requests asked
    CompletableFuture<Void> stopped = CompletableFuture.runAsync(a::close);

    // On b's rounds thread the offer would wait for that read: a's stop would give up on the
    // answer after its interval (3 s here) and b would take the groups in a round of its own.
    assertThat(stopped).succeedsWithin(Duration.ofSeconds(2));
    assertThat(bLeases.held()).hasSize(GROUPS);
    store.open();
    b.get().tickSoon().get(5, TimeUnit.SECONDS);
    assertThat(bLeases.held()).as("the round that read before it took nothing").hasSize(GROUPS);
    b.get().close();
  }

  private LeaseKeeper keeper(String id, LeaseTable leases, Successors successors) {
    return new LeaseKeeper(
        runner,
        keyspace,
        leases,
        LeaseListener.NONE,
        successors,
        new ClusterSettings(
            id,
            "127.0.0.1:" + (7000 + id.charAt(0)),
            GROUPS,
            Duration.ofSeconds(10),
            Duration.ofSeconds(3),
            System::currentTimeMillis));
  }

  private byte[] stored(byte[] key) {
    try (Transaction tx = store.begin()) {
      return tx.get(key);
    }
  }
}
