package io.eventide.store.remote;

import static io.eventide.store.remote.RemoteAssertions.bytes;
import static io.eventide.store.remote.RemoteAssertions.failure;
import static io.eventide.store.remote.RemoteAssertions.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.eventide.store.Store;
import io.eventide.store.StoreException;
import io.eventide.store.StoreException.Code;
import io.eventide.store.Transaction;
import io.eventide.store.backends.Stores;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store error reaches the client with the served store's code and message, as if local. */
class RemoteStoreErrorsTest {
  @TempDir Path dir;

  @Test
  void aFenceThatNoLongerHoldsFailsTheCommitFenced() {
    try (ServedStore served = ServedStore.serve(Stores.rocksdb(dir))) {
      StoreException remote = staleFence(served, served.embedded(), "remote");
      StoreException local = staleFence(served.embedded(), served.embedded(), "local");

      assertThat(remote.code()).isEqualTo(Code.FENCED);
      assertThat(remote.getMessage()).isEqualTo(local.getMessage());
    }
  }

  @Test
  void aFailedReadKeepsItsCodeAndMessageAndLeavesTheTransactionUsable() {
    try (ServedStore served = ServedStore.serve(Stores.rocksdb(dir))) {
      StoreException local;
      try (Transaction tx = served.embedded().begin()) {
        local =
            catchThrowableOfType(
                StoreException.class, () -> tx.getRange(key("a"), key("b"), -1, false));
      }
      try (Transaction tx = served.begin()) {
        tx.set(key("after"), bytes("error"));
        StoreException remote =
            catchThrowableOfType(
                StoreException.class, () -> tx.getRange(key("a"), key("b"), -1, false));

        assertThat(remote.code()).isEqualTo(Code.INVALID);
        assertThat(remote.getMessage())
            .isEqualTo(local.getMessage()); // "limit -1 must be ≥ 0", non-ASCII intact
        tx.commitAsync().join();
      }
      try (Transaction tx = served.begin()) {
        assertThat(tx.get(key("after"))).isEqualTo(bytes("error"));
      }
    }
  }

  /**
   * Commits through {@code via} a write fenced on a lease that {@code other} has moved on since.
   */
  private static StoreException staleFence(Store via, Store other, String name) {
    byte[] lease = key("lease-" + name);
    set(other, lease, bytes("epoch-1"));
    try (Transaction tx = via.begin()) {
      tx.requireValue(lease, bytes("epoch-1"));
      tx.set(key("work-" + name), bytes("stale"));
      set(other, lease, bytes("epoch-2"));
      return failure(tx.commitAsync());
    }
  }

  private static void set(Store store, byte[] key, byte[] value) {
    try (Transaction tx = store.begin()) {
      tx.set(key, value);
      tx.commitAsync().join();
    }
  }
}
