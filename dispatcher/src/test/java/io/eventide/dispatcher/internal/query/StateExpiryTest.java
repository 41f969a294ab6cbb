package io.eventide.dispatcher.internal.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.TransactionRunner;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import io.eventide.store.keyspace.StateTtl;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dispatcher's run of the sweep: removes what expired longer ago than the grace, leaves what
 * expired within it, and waits before passing over the keyspace again.
 */
class StateExpiryTest {
  @TempDir Path dir;

  static byte[] expiringAt(long at) {
    return ByteBuffer.allocate(StateTtl.HEADER_BYTES + 1)
        .put((byte) 1)
        .putLong(at)
        .put((byte) 7)
        .array();
  }

  @Test
  void sweepsWhatExpiredBeforeTheGraceOncePerPassInterval() {
    Keyspace keyspace = new Keyspace("test");
    try (Store store = Stores.rocksdb(dir);
        TransactionRunner runner = new TransactionRunner(store)) {
      long now = System.currentTimeMillis();
      byte[] old = keyspace.state("ns", "t", "a", "v" + StateTtl.SUFFIX);
      byte[] recent = keyspace.state("ns", "t", "b", "v" + StateTtl.SUFFIX);
      runner.run(
          tx -> {
            tx.set(old, expiringAt(now - StateExpiry.GRACE.toMillis() - 1_000));
            // Expired, but within the grace: another node's lagging clock may still see it.
            tx.set(recent, expiringAt(now - 1));
            return null;
          });
      StateExpiry expiry = new StateExpiry(keyspace, runner);

      assertThat(expiry.sweep()).isEqualTo(1);
      assertThat(expiry.sweep()).as("the next pass waits").isZero();
      try (Transaction tx = store.begin()) {
        assertThat(tx.snapshot().get(old)).isNull();
        assertThat(tx.snapshot().get(recent)).isNotNull();
      }
    }
  }
}
