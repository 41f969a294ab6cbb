package io.eventide.dispatcher.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventide.dispatcher.api.ClusterSettings;
import io.eventide.store.Transaction;
import io.eventide.store.TransactionRunner;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
  void aCallWaitingForAGroupThatIsComingAsksForNoRoundSoTheOfferIsAdoptedAtOnce() throws Exception {
    LeaseTable aLeases = new LeaseTable(keyspace, "a", GROUPS);
    LeaseTable bLeases = new LeaseTable(keyspace, "b", GROUPS);
    CompletableFuture<LeaseKeeper> aKeeper = new CompletableFuture<>();
    CompletableFuture<Optional<String>> waiting = new CompletableFuture<>();
    // b tells a directly, as the gRPC hand-over does; a call arrives at a once a knows.
    Successors toA =
        new Successors() {
          @Override
          public CompletableFuture<Set<Integer>> offer(
              String endpoint, Map<Integer, byte[]> values) {
            return aKeeper.join().adopt("b", values);
          }

          @Override
          public CompletableFuture<Set<Integer>> prepare(String endpoint, Set<Integer> groups) {
            Set<Integer> ready = aKeeper.join().prepare("b", groups);
            store.shut(); // from now on a round of a's would hold its thread, and the offer
            HolderWait.of(aKeeper.join(), aLeases)
                .holderAsync(
                    groups.iterator().next(), Set.of(endpoint("b")), Duration.ofSeconds(30))
                .whenComplete(
                    (holder, error) -> {
                      if (error != null) {
                        waiting.completeExceptionally(error);
                      } else {
                        waiting.complete(holder);
                      }
                    });
            return CompletableFuture.completedFuture(ready);
          }
        };
    LeaseKeeper b = keeper("b", bLeases, toA); // rounds by hand, on this thread
    b.tick();
    LeaseKeeper a = keeper("a", aLeases, Successors.NONE);
    aKeeper.complete(a);
    try {
      a.start();
      b.tick(); // hands a its share, which a adopts on its rounds' thread
      await().atMost(Duration.ofSeconds(5)).until(() -> !aLeases.held().isEmpty());
      assertThat(bLeases.held()).isNotEmpty();

      b.close();

      assertThat(waiting).as("served at a").succeedsWithin(Duration.ofSeconds(5));
      assertThat(waiting.join()).isEmpty();
      assertThat(aLeases.held()).hasSize(GROUPS);
      assertThat(store.reached()).as("no round of a's began").isNotDone();
    } finally {
      store.open();
      a.close();
    }
  }

  private static String endpoint(String id) {
    return "127.0.0.1:" + (7000 + id.charAt(0));
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
            endpoint(id),
            GROUPS,
            // Rounds only when asked: none may come by itself while a test holds the reads.
            Duration.ofSeconds(60),
            Duration.ofSeconds(30),
            System::currentTimeMillis));
  }

  private byte[] stored(byte[] key) {
    try (Transaction tx = store.begin()) {
      return tx.get(key);
    }
  }
}
