package io.eventide.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.apple.foundationdb.tuple.Tuple;
import io.eventide.store.CommitResult;
import io.eventide.store.StoreException;
import io.eventide.store.Transaction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What callers of the embedded backend rely on beyond the conformance suite. */
class RocksStoreBehaviourTest {
  @TempDir Path dir;

  @Test
  void futuresCompleteInCommitOrder() throws Exception {
    List<Long> completionOrder = Collections.synchronizedList(new ArrayList<>());
    List<CompletableFuture<CommitResult>> futures = new ArrayList<>();
    try (RocksStore store = RocksStore.open(dir, RocksStoreOptions.defaults())) {
      for (int i = 0; i < 300; i++) {
        Transaction tx = store.begin();
        tx.set(Tuple.from("k", i % 7).pack(), new byte[] {1});
        CompletableFuture<CommitResult> f = tx.commitAsync();
        f.thenAccept(r -> completionOrder.add(r.version()));
        futures.add(f);
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    }
    assertThat(completionOrder).hasSize(300).isSorted();
  }

  @Test
  void aFullCommitQueueFailsFastWithUnavailable() throws Exception {
    RocksStoreOptions tiny =
        RocksStoreOptions.defaults().withCommitQueueCapacity(1).withMaxGroupCommits(1);
    List<CompletableFuture<CommitResult>> futures = new ArrayList<>();
    try (RocksStore store = RocksStore.open(dir, tiny)) {
      for (int i = 0; i < 200; i++) {
        Transaction tx = store.begin();
        tx.set(Tuple.from("k", i).pack(), new byte[] {1});
        futures.add(tx.commitAsync());
      }
      long rejected = 0;
      for (CompletableFuture<CommitResult> f : futures) {
        try {
          f.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(StoreException.unwrap(e).code()).isEqualTo(StoreException.Code.UNAVAILABLE);
          rejected++;
        }
      }
      assertThat(rejected).isPositive().isLessThan(200);
    }
  }

  @Test
  void conflictHistoryIsPrunedOnceNoTransactionNeedsIt() throws Exception {
    try (RocksStore store = RocksStore.open(dir, RocksStoreOptions.defaults())) {
      Transaction old = store.begin();
      old.get(Tuple.from("k", 0).pack());
      for (int i = 0; i < 20; i++) {
        write(store, i);
      }
      assertThat(store.conflictHistoryGroups()).isGreaterThanOrEqualTo(20);
      old.close();
      write(store, 99);
      // Only the last group may remain: its own committer's read point was live while pruning.
      assertThat(store.conflictHistoryGroups()).isLessThanOrEqualTo(1);
    }
  }

  private static void write(RocksStore store, int i) throws Exception {
    try (Transaction tx = store.begin()) {
      tx.set(Tuple.from("k", i).pack(), new byte[] {1});
      tx.commitAsync().get(10, TimeUnit.SECONDS);
    }
  }
}
