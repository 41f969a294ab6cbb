package io.eventide.store.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.store.CommitResult;
import io.eventide.store.ForwardingTransaction;
import io.eventide.store.KeyValue;
import io.eventide.store.Keys;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.TransactionRunner;
import io.eventide.store.rocksdb.RocksStore;
import io.eventide.store.rocksdb.RocksStoreOptions;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The background sweep of expired state on RocksDB: bounded transactions that resume, only items
 * with a TTL removed, and a write committed between the sweep's read and its commit kept.
 */
class ExpiredStateSweepTest {
  static final long NOW = 1_000_000;
  static final long PAST = NOW - 1;
  static final long FUTURE = NOW + 60_000;

  @TempDir Path dir;
  final Keyspace keyspace = new Keyspace("test");
  RocksStore store;
  TransactionRunner runner;

  @BeforeEach
  void open() {
    store = RocksStore.open(dir, RocksStoreOptions.defaults());
    runner = new TransactionRunner(store);
  }

  @AfterEach
  void close() {
    runner.close();
    store.close();
  }

  static byte[] stamped(long expiresAt, String payload) {
    byte[] bytes = payload.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return ByteBuffer.allocate(StateTtl.HEADER_BYTES + bytes.length)
        .put((byte) 1)
        .putLong(expiresAt)
        .put(bytes)
        .array();
  }

  void write(Consumer<Transaction> body) {
    runner.run(
        tx -> {
          body.accept(tx);
          return null;
        });
  }

  List<KeyValue> all(byte[] prefix) {
    try (Transaction tx = store.begin()) {
      return tx.snapshot().getPrefix(prefix, 0);
    }
  }

  ExpiredStateSweep sweep(Store over) {
    return new ExpiredStateSweep(keyspace, new TransactionRunner(over), () -> NOW, 0);
  }

  @Test
  void manyExpiredValuesGoInSeveralBoundedTransactionsAndTheRestStays() {
    int expired = 1_300;
    for (int from = 0; from < expired; from += 400) {
      int start = from;
      write(
          tx -> {
            for (int i = start; i < Math.min(expired, start + 400); i++) {
              String id = String.format("i%05d", i);
              tx.set(keyspace.state("ns", "t", id, "v" + StateTtl.SUFFIX), stamped(PAST, "old"));
              // Without a TTL nothing goes, whatever its bytes look like.
              tx.set(keyspace.state("ns", "t", id, "plain"), stamped(PAST, "kept"));
            }
          });
    }
    write(
        tx -> {
          tx.set(keyspace.state("ns", "t", "live", "v" + StateTtl.SUFFIX), stamped(FUTURE, "x"));
          // At its expiry exactly it is expired; a large one goes with its parts.
          LargeValues.set(
              tx,
              keyspace.state("ns", "t", "large", "v" + StateTtl.SUFFIX),
              stamped(NOW, "y".repeat(250_000)),
              false);
        });

    ExpiredStateSweep sweep = sweep(store);
    List<Integer> perTransaction = new ArrayList<>();
    int removed;
    int total = 0;
    do {
      removed = sweep.sweep(1);
      perTransaction.add(removed);
      total += removed;
    } while (perTransaction.size() < 100 && (removed > 0 || total < expired + 1));
    assertThat(total).isEqualTo(expired + 1);
    assertThat(perTransaction).allMatch(n -> n <= ExpiredStateSweep.ROWS_PER_TRANSACTION);
    assertThat(perTransaction.stream().filter(n -> n > 0).count()).isGreaterThanOrEqualTo(3);

    List<KeyValue> left = all(keyspace.stateOfType("ns", "t"));
    List<LargeValues.Value> values =
        LargeValues.assemble(left, k -> keyspace.unpack(k).size() == 5, false);
    assertThat(values).hasSize(expired + 1);
    assertThat(values)
        .filteredOn(v -> StateTtl.expiresByItem(keyspace.unpack(v.key()).getString(4)))
        .singleElement()
        .satisfies(v -> assertThat(keyspace.unpack(v.key()).getString(3)).isEqualTo("live"));
    assertThat(left).hasSize(expired + 1); // no part of the large value left behind
    assertThat(sweep.sweep(10)).as("a second pass finds nothing").isZero();
  }

  @Test
  void expiredMapEntriesAndListSegmentsGoAndCollectionsWithoutATtlArePassedOver() {
    String ttlMap = "m" + StateTtl.SUFFIX;
    String ttlList = "l" + StateTtl.SUFFIX;
    write(
        tx -> {
          for (int i = 0; i < 700; i++) {
            byte[] key = ("k" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            tx.set(
                keyspace.mapEntry("ns", "t", "a", ttlMap, key),
                stamped(i % 2 == 0 ? PAST : FUTURE, "v"));
            tx.set(keyspace.mapEntry("ns", "t", "a", "plain", key), stamped(PAST, "v"));
          }
          byte[] list = keyspace.list("ns", "t", "a", ttlList);
          tx.setVersionstampedKey(
              list, 0, new byte[0], ListSegments.encode(List.of(stamped(PAST, "a"))));
          tx.setVersionstampedKey(
              list,
              1,
              new byte[0],
              ListSegments.encode(List.of(stamped(PAST, "b"), stamped(FUTURE, "c"))));
          // A list that expires as a whole, with its expiry: gone together.
          tx.setVersionstampedKey(
              keyspace.list("ns", "t", "a", "w" + StateTtl.LIST_ON_ACCESS),
              0,
              new byte[0],
              ListSegments.encode(List.of("e".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
          tx.set(keyspace.state("ns", "t", "a", "w" + StateTtl.LIST_ON_ACCESS), stamped(PAST, ""));
        });

    ExpiredStateSweep sweep = sweep(store);
    int total = 0;
    for (int n = 0; n < 50; n++) {
      total += sweep.sweep(1);
    }
    assertThat(total).isEqualTo(350 + 1 + 1);
    assertThat(keyspace.mapEntryRows(all(keyspace.map("ns", "t", "a", ttlMap)), false))
        .hasSize(350)
        .allMatch(row -> StateTtl.alive(row.value(), NOW));
    assertThat(all(keyspace.map("ns", "t", "a", "plain"))).hasSize(700);
    byte[] list = keyspace.list("ns", "t", "a", ttlList);
    assertThat(ListSegments.elements(list, all(list))).hasSize(2);
    assertThat(all(keyspace.listsOf("ns", "t", "a"))).hasSize(1);
    assertThat(all(keyspace.stateOf("ns", "t", "a"))).isEmpty();
  }

  @Test
  void aValueWrittenAgainWhileTheSweepRunsSurvivesIt() {
    byte[] key = keyspace.state("ns", "t", "a", "v" + StateTtl.SUFFIX);
    write(tx -> tx.set(key, stamped(PAST, "old")));
    byte[] fresh = stamped(FUTURE, "new");
    // A handler's commit lands between the sweep's read and its commit, once.
    boolean[] interfered = {false};
    Store racing =
        new Store() {
          @Override
          public Transaction begin() {
            return new ForwardingTransaction(store.begin()) {
              @Override
              public CompletableFuture<CommitResult> commitAsync() {
                if (!interfered[0]) {
                  interfered[0] = true;
                  write(tx -> tx.set(key, fresh));
                }
                return delegate.commitAsync();
              }
            };
          }

          @Override
          public String backend() {
            return store.backend();
          }

          @Override
          public void close() {}
        };

    int removed = sweep(racing).sweep(5);

    assertThat(interfered[0]).isTrue();
    assertThat(removed).isZero();
    try (Transaction tx = store.begin()) {
      assertThat(tx.snapshot().get(key)).isEqualTo(fresh);
    }
    assertThat(Keys.printable(key)).isNotEmpty();
  }
}
