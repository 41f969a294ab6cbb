package io.eventide.store.remote;

import static io.eventide.store.remote.RemoteAssertions.NO_HANG;
import static io.eventide.store.remote.RemoteAssertions.assertCode;
import static io.eventide.store.remote.RemoteAssertions.bytes;
import static io.eventide.store.remote.RemoteAssertions.failureCode;
import static io.eventide.store.remote.RemoteAssertions.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.eventide.store.CommitResult;
import io.eventide.store.Store;
import io.eventide.store.StoreException;
import io.eventide.store.StoreException.Code;
import io.eventide.store.Transaction;
import io.eventide.store.backends.Stores;
import io.grpc.Context;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a client sees when the server goes away or answers too late: {@code COMMIT_UNKNOWN} when a
 * commit may have been applied, {@code UNAVAILABLE} when nothing was, and never a hang.
 */
class RemoteStoreFailureTest {
  private static final Duration SHORT = Duration.ofMillis(300);

  @TempDir Path dir;

  @Test
  void aCommitSentToAStoppedServerIsUnknownAndBeginsAreUnavailable() {
    try (ServedStore served = ServedStore.serve(Stores.rocksdb(dir))) {
      Transaction tx = writeThenStopTheServer(served);

      assertThat(failureCode(tx.commitAsync())).isEqualTo(Code.COMMIT_UNKNOWN);
      assertCode(served::begin, Code.UNAVAILABLE);
    }
  }

  @Test
  void aCommitStartedWhileServingARequestThatHasSinceCompletedStillCommits() {
    try (ServedStore served = ServedStore.serve(Stores.rocksdb(dir))) {
      // A dispatcher commits while serving a gateway's gRPC request; gRPC cancels the request's
      // context when the request completes, and with it every call started in that context.
      Context.CancellableContext request = Context.current().withCancellation();
      request.cancel(null);
      CompletableFuture<CommitResult> commit;
      Context previous = request.attach();
      try {
        Transaction tx = served.begin();
        tx.set(key("k"), bytes("v"));
        commit = tx.commitAsync();
      } finally {
        request.detach(previous);
      }

      assertThat(commit).succeedsWithin(NO_HANG);
      try (Transaction read = served.begin()) {
        assertThat(read.get(key("k"))).isEqualTo(bytes("v"));
      }
    }
  }

  @Test
  void aReadFromAStoppedServerIsUnavailableAndTheTransactionCannotCommitAfterIt() {
    try (ServedStore served = ServedStore.serve(Stores.rocksdb(dir))) {
      Transaction tx = writeThenStopTheServer(served);

      assertCode(() -> tx.get(key("k")), Code.UNAVAILABLE);
      // The read carried the write and may or may not have delivered it: never commit after that.
      assertThat(failureCode(tx.commitAsync())).isEqualTo(Code.UNAVAILABLE);
    }
  }

  @Test
  void writesThatNeverReachedAStoppedServerFailTheCommitUnavailable() {
    try (ServedStore served = ServedStore.serve(Stores.rocksdb(dir))) {
      Transaction tx = served.begin();
      byte[] value = new byte[90_000];
      for (int i = 0;
          i < 30;
          i++) { // more than one write batch: the first goes ahead of the commit
        tx.set(key("big-" + i), value);
      }
      served.server().close();

      assertThat(failureCode(tx.commitAsync())).isEqualTo(Code.UNAVAILABLE);
    }
  }

  @Test
  void aServerThatKeepsFailingOpensTheCircuitAndTrialCallsCloseItWhenItIsBack() {
    Store embedded = Stores.rocksdb(dir);
    RemoteStoreServer first = RemoteStoreServer.start(embedded, "127.0.0.1", 0);
    int port = first.port();
    first.close();
    RemoteStoreOptions options =
        RemoteStoreOptions.defaults().withCallTimeout(SHORT).withOpenFor(SHORT);
    try (Store client = Stores.remote("127.0.0.1", port, options)) {
      for (int i = 0; i < 10; i++) {
        assertCode(client::begin, Code.UNAVAILABLE);
      }
      // Open: refused at once, without trying the peer.
      assertThatThrownBy(client::begin)
          .isInstanceOfSatisfying(
              StoreException.class,
              e -> {
                assertThat(e.code()).isEqualTo(Code.UNAVAILABLE);
                assertThat(e.getMessage()).contains("refused: it failed 100% of the last calls");
              });

      RemoteStoreServer again = RemoteStoreServer.start(embedded, "127.0.0.1", port);
      try {
        await()
            .atMost(NO_HANG)
            .ignoreExceptions()
            .until(
                () -> {
                  try (Transaction tx = client.begin()) {
                    return tx.get(key("k")) == null;
                  }
                });
      } finally {
        again.close();
      }
    } finally {
      embedded.close();
    }
  }

  @Test
  void aCommitPastItsDeadlineIsUnknownAndMayStillApply() {
    GatedStore gated = new GatedStore(Stores.rocksdb(dir), "commitAsync");
    RemoteStoreOptions client = RemoteStoreOptions.defaults().withCommitTimeout(SHORT);
    try (ServedStore served =
        ServedStore.serve(gated, RemoteStoreServerOptions.defaults(), client)) {
      Transaction tx = served.begin();
      tx.set(key("maybe"), bytes("applied"));

      assertThat(failureCode(tx.commitAsync())).isEqualTo(Code.COMMIT_UNKNOWN);

      gated.open();
      await()
          .atMost(NO_HANG)
          .until(() -> Arrays.equals(read(served, key("maybe")), bytes("applied")));
    }
  }

  @Test
  void aReadPastItsDeadlineIsUnavailable() {
    GatedStore gated = new GatedStore(Stores.rocksdb(dir), "get");
    RemoteStoreOptions client = RemoteStoreOptions.defaults().withCallTimeout(SHORT);
    try (ServedStore served =
        ServedStore.serve(gated, RemoteStoreServerOptions.defaults(), client)) {
      Transaction tx = served.begin();

      assertCode(() -> tx.get(key("slow")), Code.UNAVAILABLE);
      gated.open();
      assertThat(failureCode(tx.commitAsync())).isEqualTo(Code.UNAVAILABLE);
    }
  }

  @Test
  void aServerStoppedDuringACommitLeavesItUnknown() throws Exception {
    GatedStore gated = new GatedStore(Stores.rocksdb(dir), "commitAsync");
    RemoteStoreServerOptions server = RemoteStoreServerOptions.defaults().withShutdownGrace(SHORT);
    try (ServedStore served = ServedStore.serve(gated, server, RemoteStoreOptions.defaults())) {
      Transaction tx = served.begin();
      tx.set(key("k"), bytes("v"));
      CompletableFuture<CommitResult> commit = tx.commitAsync();
      gated.reached().get(NO_HANG.toMillis(), TimeUnit.MILLISECONDS);

      served.server().close();

      assertThat(failureCode(commit)).isEqualTo(Code.COMMIT_UNKNOWN);
      gated.open();
    }
  }

  private static Transaction writeThenStopTheServer(ServedStore served) {
    Transaction tx = served.begin();
    tx.set(key("k"), bytes("v"));
    served.server().close();
    return tx;
  }

  private static byte[] read(ServedStore served, byte[] key) {
    try (Transaction tx = served.begin()) {
      return tx.get(key);
    }
  }
}
