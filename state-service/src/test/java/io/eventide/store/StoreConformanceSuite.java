package io.eventide.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.apple.foundationdb.tuple.Tuple;
import io.eventide.store.StoreException.Code;
import io.eventide.store.keyspace.Chunks;
import io.eventide.store.keyspace.LargeValues;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Store} backend must show. A backend's test extends this class and
 * implements {@link #openStore(Path)} (and, if it can, {@link #openStoreWithClock}); the suite is
 * shipped in this module's test-jar. The tests of the inherited {@link BasicOpsConformance}, {@link
 * ConsistencyConformance} and {@link KeyspaceKindsConformance} run too.
 */
public abstract class StoreConformanceSuite extends KeyspaceKindsConformance {

  @Test
  public void concurrentAddsSumExactlyWithoutConflicts() throws Exception {
    List<byte[]> stamps =
        inParallel(
            4,
            100,
            i -> {
              try (Transaction tx = store.begin()) {
                tx.add(key("counter"), 1);
                return commit(tx).versionstamp();
              }
            });
    // Versions may repeat: FoundationDB commits concurrent transactions in batches that share one.
    assertThat(stamps).extracting(Versionstamps::toString).doesNotHaveDuplicates().hasSize(400);
    assertThat(littleEndian(read(key("counter")))).isEqualTo(400);
  }

  @Test
  public void concurrentVersionstampedAppendsAreUniqueAndInCommitOrder() throws Exception {
    byte[] prefix = key("inbox");
    List<CommitResult> results =
        inParallel(
            4,
            50,
            i -> {
              try (Transaction tx = store.begin()) {
                tx.setVersionstampedKey(prefix, 0, new byte[0], Tuple.from(i).pack());
                return commit(tx);
              }
            });
    List<KeyValue> entries;
    try (Transaction tx = store.begin()) {
      entries = tx.getPrefix(prefix, 0);
    }
    assertThat(entries).hasSize(200);
    // The whole 10-byte versionstamp, batch order included: commits of one FoundationDB batch
    // share the 8-byte commit version.
    List<String> committed =
        results.stream()
            .map(CommitResult::versionstamp)
            .sorted(Versionstamps.COMMIT_ORDER)
            .map(Versionstamps::toString)
            .toList();
    List<byte[]> stored =
        entries.stream()
            .map(e -> Tuple.fromBytes(e.key()).getVersionstamp(2).getTransactionVersion())
            .toList();
    assertThat(stored).isSortedAccordingTo(Versionstamps.COMMIT_ORDER);
    assertThat(stored)
        .extracting(Versionstamps::toString)
        .doesNotHaveDuplicates()
        .isEqualTo(committed);
  }

  @Test
  public void runnerCountsExactlyUnderConflicts() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    TransactionRunner.Config config = TransactionRunner.Config.defaults().withMaxAttempts(100);
    try (TransactionRunner runner = new TransactionRunner(store, config)) {
      inParallel(
          4,
          50,
          i ->
              runner.run(
                  tx -> {
                    attempts.incrementAndGet();
                    byte[] current = tx.get(key("shared"));
                    long next = (current == null ? 0 : Tuple.fromBytes(current).getLong(0)) + 1;
                    tx.set(key("shared"), Tuple.from(next).pack());
                    return next;
                  }));
      List<CompletableFuture<Long>> async = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        async.add(
            runner.runAsync(
                tx -> {
                  attempts.incrementAndGet();
                  byte[] current = tx.get(key("shared"));
                  long next = Tuple.fromBytes(current).getLong(0) + 1;
                  tx.set(key("shared"), Tuple.from(next).pack());
                  return next;
                }));
      }
      async.forEach(StoreConformanceBase::await);
    }
    assertThat(Tuple.fromBytes(read(key("shared"))).getLong(0)).isEqualTo(220);
    assertThat(attempts.get())
        .isGreaterThan(220); // the 20 async bodies began together: some conflicted
  }

  @Test
  public void runnerDoesNotRetryFencesOrBodyFailures() {
    AtomicInteger attempts = new AtomicInteger();
    try (TransactionRunner runner = new TransactionRunner(store)) {
      assertThatThrownBy(
              () ->
                  runner.run(
                      tx -> {
                        attempts.incrementAndGet();
                        tx.requireValue(key("lease"), bytes("mine"));
                        tx.set(key("guarded"), bytes("x"));
                        return null;
                      }))
          .isInstanceOfSatisfying(
              StoreException.class, e -> assertThat(e.code()).isEqualTo(Code.FENCED));
      assertThatThrownBy(
              () ->
                  runner.run(
                      tx -> {
                        attempts.incrementAndGet();
                        throw new IllegalStateException("bug in body");
                      }))
          .isInstanceOf(IllegalStateException.class);
    }
    assertThat(attempts.get()).isEqualTo(2);
  }

  @Test
  public void chunksRoundTripAMegabyteAndDetectTornValues() {
    byte[] data = new byte[1_000_003];
    new Random(42).nextBytes(data);
    byte[] prefix = key("jar");
    try (Transaction tx = store.begin()) {
      Chunks.write(tx, prefix, data);
      commit(tx);
    }
    try (Transaction tx = store.begin()) {
      assertThat(Chunks.read(tx, prefix)).isEqualTo(data);
      Chunks.write(tx, prefix, bytes("small"));
      assertThat(string(Chunks.read(tx, prefix))).isEqualTo("small");
      commit(tx);
    }
    try (Transaction tx = store.begin()) {
      assertThat(string(Chunks.read(tx.snapshot(), prefix))).isEqualTo("small");
      Chunks.write(tx, prefix, data);
      tx.clear(Tuple.fromBytes(prefix).add(3).pack());
      assertThatThrownBy(() -> Chunks.read(tx, prefix)).isInstanceOf(StoreException.class);
      Chunks.clear(tx, prefix);
      assertThat(Chunks.read(tx, prefix)).isNull();
    }
  }

  @Test
  public void largeValuesRoundTripAndReplaceEachOther() {
    byte[] big = random(1_000_003);
    byte[] k = key("large", "v");
    try (Transaction tx = store.begin()) {
      LargeValues.set(tx, k, big, false);
      commit(tx);
    }
    try (Transaction tx = store.begin()) {
      assertThat(LargeValues.get(tx, k)).isEqualTo(big);
      assertThat(tx.getPrefix(k, 0)).hasSize(1 + 12); // the header and twelve parts
      LargeValues.set(tx, k, bytes("small"), true);
      commit(tx);
    }
    try (Transaction tx = store.begin()) {
      assertThat(string(LargeValues.get(tx, k))).isEqualTo("small");
      assertThat(tx.getPrefix(k, 0)).hasSize(1);
      LargeValues.set(tx, k, random(LargeValues.INLINE_BYTES + 1), false);
      commit(tx);
    }
    try (Transaction tx = store.begin()) {
      assertThat(LargeValues.get(tx, k)).hasSize(LargeValues.INLINE_BYTES + 1);
      LargeValues.clear(tx, k, true);
      commit(tx);
    }
    try (Transaction tx = store.begin()) {
      assertThat(LargeValues.get(tx, k)).isNull();
      assertThat(tx.getPrefix(k, 0)).isEmpty();
    }
  }

  @Test
  public void largeValuesAtTheInlineLimitAndJustPastIt() {
    byte[] atLimit = random(LargeValues.INLINE_BYTES);
    byte[] past = random(LargeValues.INLINE_BYTES + 1);
    try (Transaction tx = store.begin()) {
      LargeValues.set(tx, key("limit", "at"), atLimit, false);
      LargeValues.set(tx, key("limit", "past"), past, false);
      commit(tx);
    }
    try (Transaction tx = store.begin()) {
      assertThat(tx.getPrefix(key("limit", "at"), 0)).hasSize(1);
      assertThat(tx.getPrefix(key("limit", "past"), 0)).hasSize(1 + 2);
      List<LargeValues.Value> values =
          LargeValues.assemble(
              tx.getPrefix(key("limit"), 0), k -> Tuple.fromBytes(k).size() == 3, false);
      assertThat(values).extracting(LargeValues.Value::value).containsExactly(atLimit, past);
      assertThat(values).extracting(LargeValues.Value::large).containsExactly(false, true);
    }
  }

  @Test
  public void versionstampedLargeValuesAssembleInOrderAndACutReadLeavesTheLastOut() {
    byte[] prefix = key("queue");
    List<byte[]> written = List.of(bytes("one"), random(300_000), bytes("three"), random(95_000));
    try (Transaction tx = store.begin()) {
      for (int i = 0; i < written.size(); i++) {
        LargeValues.setVersionstamped(tx, prefix, i, new byte[0], written.get(i));
      }
      commit(tx);
    }
    try (Transaction tx = store.begin()) {
      Predicate<byte[]> isKey = k -> k.length == prefix.length + 13;
      assertThat(LargeValues.assemble(tx.getPrefix(prefix, 0), isKey, false))
          .extracting(LargeValues.Value::value)
          .containsExactlyElementsOf(written);
      // Six rows: "one", the header and the first three of four parts of the second value.
      List<KeyValue> cut = tx.getRange(prefix, Keys.strinc(prefix), 5, false);
      assertThat(LargeValues.assemble(cut, isKey, true))
          .extracting(LargeValues.Value::value)
          .containsExactly(bytes("one"));
      tx.clear(tx.getPrefix(prefix, 0).get(3).key()); // a part of the second value
      assertThatThrownBy(() -> LargeValues.assemble(tx.getPrefix(prefix, 0), isKey, false))
          .isInstanceOfSatisfying(
              StoreException.class, e -> assertThat(e.code()).isEqualTo(Code.IO));
    }
  }

  @Test
  public void aStagedValueIsInvisibleUntilPublishedAndAnUnpublishedOneIsSkipped() {
    byte[] k = key("staged", "v");
    byte[] first = random(20_000_000);
    try (Transaction tx = store.begin()) {
      LargeValues.set(tx, k, bytes("before"), false);
      commit(tx);
    }
    LargeValues.Staged staged = LargeValues.stage(k, first);
    stageParts(staged);
    assertThat(string(readLarge(k))).isEqualTo("before");
    try (Transaction tx = store.begin()) {
      staged.publish(tx);
      commit(tx);
    }
    assertThat(readLarge(k)).isEqualTo(first);
    // A staging whose publish never commits (its dispatcher crashed, say) is never seen, and the
    // next large write of the key clears it.
    stageParts(LargeValues.stage(k, random(200_000)));
    assertThat(readLarge(k)).isEqualTo(first);
    byte[] second = random(150_000);
    try (Transaction tx = store.begin()) {
      LargeValues.set(tx, k, second, true);
      commit(tx);
    }
    assertThat(readLarge(k)).isEqualTo(second);
    try (Transaction tx = store.begin()) {
      assertThat(tx.getPrefix(k, 0)).hasSize(1 + 2);
    }
  }

  private void stageParts(LargeValues.Staged staged) {
    Transaction tx = store.begin();
    long bytes = 0;
    for (int n = 0; n < staged.parts(); n++) {
      if (bytes + staged.partBytes(n) > 8_000_000) {
        commit(tx);
        tx.close();
        tx = store.begin();
        bytes = 0;
      }
      staged.writePart(tx, n);
      bytes += staged.partBytes(n);
    }
    commit(tx);
    tx.close();
  }

  private byte[] readLarge(byte[] k) {
    try (Transaction tx = store.begin()) {
      return LargeValues.get(tx, k);
    }
  }

  private static byte[] random(int size) {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    return data;
  }

  /** Runs {@code perThread} calls of {@code body} on each of {@code threads} threads. */
  protected static <T> List<T> inParallel(int threads, int perThread, IndexedCall<T> body)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<T>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int base = t * perThread;
        Callable<List<T>> worker =
            () -> {
              List<T> out = new ArrayList<>();
              for (int i = 0; i < perThread; i++) {
                out.add(body.call(base + i));
              }
              return out;
            };
        futures.add(pool.submit(worker));
      }
      List<T> all = new ArrayList<>();
      for (Future<List<T>> f : futures) {
        all.addAll(f.get(60, TimeUnit.SECONDS));
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  /** One call of a parallel body, given its global index. */
  @FunctionalInterface
  protected interface IndexedCall<T> {
    T call(int index) throws Exception;
  }
}
