package io.eventide.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.apple.foundationdb.tuple.Tuple;
import io.eventide.store.CommitResult;
import io.eventide.store.StoreException;
import io.eventide.store.Transaction;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Transaction#commitEagerly} on the embedded store: written on the committing thread when
 * nothing else commits, and otherwise queued, with the same order and conflicts either way.
 */
class EagerCommitsTest {
  private static final byte[] COUNTER = Tuple.from("counter").pack();

  @TempDir Path dir;

  @Test
  void onAnIdleStoreTheCommitIsDurableAndReadableWhenTheCallReturns() throws Exception {
    try (RocksStore store = RocksStore.open(dir, RocksStoreOptions.defaults())) {
      Thread caller = Thread.currentThread();
      Thread[] completedOn = new Thread[1];
      Transaction tx = store.begin();
      tx.set(COUNTER, new byte[] {7});
      CompletableFuture<CommitResult> result = tx.commitEagerly();
      assertThat(result).isDone();
      result.thenRun(() -> completedOn[0] = Thread.currentThread());
      assertThat(completedOn[0]).isSameAs(caller);
      assertThat(store.latestVersion()).isEqualTo(result.join().version());
      try (Transaction read = store.begin()) {
        assertThat(read.get(COUNTER)).containsExactly(7);
      }
    }
  }

  @Test
  void anEagerCommitNeverOvertakesOneOfferedBeforeIt() throws Exception {
    try (RocksStore store = RocksStore.open(dir, RocksStoreOptions.defaults())) {
      for (int i = 0; i < 200; i++) {
        CompletableFuture<CommitResult> queued = set(store, "a", i).commitAsync();
        CompletableFuture<CommitResult> eager = set(store, "b", i).commitEagerly();
        List<String> completed = new ArrayList<>();
        CompletableFuture.allOf(
                queued.thenRun(() -> record(completed, "queued")),
                eager.thenRun(() -> record(completed, "eager")))
            .get(10, TimeUnit.SECONDS);
        assertThat(eager.join().version()).isGreaterThan(queued.join().version());
        assertThat(completed).containsExactly("queued", "eager");
      }
    }
  }

  @Test
  void aCommitWrittenEagerlyConflictsWithTheReadsOfOthers() throws Exception {
    try (RocksStore store = RocksStore.open(dir, RocksStoreOptions.defaults())) {
      Transaction reader = store.begin();
      reader.get(COUNTER);
      assertThat(set(store, "counter", 1).commitEagerly()).isDone();
      reader.set(COUNTER, new byte[] {2});
      assertThatThrownBy(() -> reader.commitEagerly().get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .satisfies(e -> assertThat(StoreException.unwrap(e).code()).isEqualTo(conflict()));
    }
  }

  /**
   * Four threads increment one counter by read-modify-write, eagerly, retrying on conflict: every
   * increment is counted once, whichever thread wrote it, and some were written by their own thread
   * while others went through the committer.
   */
  @Test
  void concurrentEagerAndQueuedCommitsLoseNoUpdate() throws Exception {
    int threads = 4;
    int each = 150;
    AtomicInteger written = new AtomicInteger();
    AtomicInteger queuedOrWaited = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (RocksStore store = RocksStore.open(dir, RocksStoreOptions.defaults())) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        boolean eager = t % 2 == 0;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < each; i++) {
                    increment(store, eager, written, queuedOrWaited);
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
      try (Transaction read = store.begin()) {
        assertThat(ByteBuffer.wrap(read.get(COUNTER)).getLong()).isEqualTo(threads * each);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(written).hasPositiveValue();
    assertThat(queuedOrWaited).hasPositiveValue();
  }

  private static void increment(
      RocksStore store, boolean eager, AtomicInteger written, AtomicInteger queuedOrWaited)
      throws Exception {
    while (true) {
      try (Transaction tx = store.begin()) {
        byte[] value = tx.get(COUNTER);
        long next = (value == null ? 0 : ByteBuffer.wrap(value).getLong()) + 1;
        tx.set(COUNTER, ByteBuffer.allocate(8).putLong(next).array());
        CompletableFuture<CommitResult> result = eager ? tx.commitEagerly() : tx.commitAsync();
        (eager && result.isDone() ? written : queuedOrWaited).incrementAndGet();
        try {
          result.get(10, TimeUnit.SECONDS);
          return;
        } catch (ExecutionException e) {
          if (StoreException.unwrap(e).code() != conflict()) {
            throw e;
          }
        }
      }
    }
  }

  private static StoreException.Code conflict() {
    return StoreException.Code.CONFLICT;
  }

  private static Transaction set(RocksStore store, String key, int value) {
    Transaction tx = store.begin();
    tx.set(Tuple.from(key).pack(), Tuple.from(value).pack());
    return tx;
  }

  private static synchronized void record(List<String> completed, String which) {
    completed.add(which);
  }
}
