package io.eventide.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.apple.foundationdb.tuple.Tuple;
import io.eventide.store.StoreException.Code;
import io.eventide.store.keyspace.Chunks;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Store} backend must show. A backend's test extends this class and
 * implements {@link #openStore(Path)} (and, if it can, {@link #openStoreWithClock}); the suite is
 * shipped in this module's test-jar. The tests of the inherited {@link BasicOpsConformance} and
 * {@link ConsistencyConformance} run too.
 */
public abstract class StoreConformanceSuite extends ConsistencyConformance {

  @Test
  public void concurrentAddsSumExactlyWithoutConflicts() throws Exception {
    List<Long> versions = inParallel(4, 100, i -> {
      try (Transaction tx = store.begin()) {
        tx.add(key("counter"), 1);
        return commit(tx).version();
      }
    });
    assertThat(versions).doesNotHaveDuplicates().hasSize(400);
    assertThat(littleEndian(read(key("counter")))).isEqualTo(400);
  }

  @Test
  public void concurrentVersionstampedAppendsAreUniqueAndInCommitOrder() throws Exception {
    byte[] prefix = key("inbox");
    List<CommitResult> results = inParallel(4, 50, i -> {
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
    List<Long> committed = results.stream().map(CommitResult::version).sorted().toList();
    List<Long> stored = entries.stream()
        .map(e -> ByteBuffer.wrap(Tuple.fromBytes(e.key()).getVersionstamp(2).getTransactionVersion()).getLong())
        .toList();
    assertThat(stored).isSortedAccordingTo(Comparator.naturalOrder()).doesNotHaveDuplicates().isEqualTo(committed);
  }

  @Test
  public void runnerCountsExactlyUnderConflicts() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    TransactionRunner.Config config = TransactionRunner.Config.defaults().withMaxAttempts(100);
    try (TransactionRunner runner = new TransactionRunner(store, config)) {
      inParallel(4, 50, i -> runner.run(tx -> {
        attempts.incrementAndGet();
        byte[] current = tx.get(key("shared"));
        long next = (current == null ? 0 : Tuple.fromBytes(current).getLong(0)) + 1;
        tx.set(key("shared"), Tuple.from(next).pack());
        return next;
      }));
      List<CompletableFuture<Long>> async = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        async.add(runner.runAsync(tx -> {
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
    assertThat(attempts.get()).isGreaterThan(220); // the 20 async bodies began together: some conflicted
  }

  @Test
  public void runnerDoesNotRetryFencesOrBodyFailures() {
    AtomicInteger attempts = new AtomicInteger();
    try (TransactionRunner runner = new TransactionRunner(store)) {
      assertThatThrownBy(() -> runner.run(tx -> {
        attempts.incrementAndGet();
        tx.requireValue(key("lease"), bytes("mine"));
        tx.set(key("guarded"), bytes("x"));
        return null;
      })).isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo(Code.FENCED));
      assertThatThrownBy(() -> runner.run(tx -> {
        attempts.incrementAndGet();
        throw new IllegalStateException("bug in body");
      })).isInstanceOf(IllegalStateException.class);
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

  /** Runs {@code perThread} calls of {@code body} on each of {@code threads} threads. */
  protected static <T> List<T> inParallel(int threads, int perThread, IndexedCall<T> body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<T>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int base = t * perThread;
        Callable<List<T>> worker = () -> {
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
