package io.eventide.dispatcher.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.protocol.MemberRecord;
import io.eventide.store.Store;
import io.eventide.store.TransactionRunner;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The directory read from member records in a real store, at a clock the test sets: which
 * dispatchers are live, and which ran out of heartbeat without leaving.
 */
class ClusterDirectoryTest {
  private static final long NOW = 1_000_000;

  @TempDir Path dir;
  private final Keyspace keyspace = new Keyspace("test");
  private Store store;
  private TransactionRunner runner;

  @BeforeEach
  void open() {
    store = Stores.rocksdb(dir);
    runner = new TransactionRunner(store);
  }

  @AfterEach
  void close() {
    runner.close();
    store.close();
  }

  @Test
  void aDispatcherPastItsHeartbeatIsExpiredAndNoLongerLive() {
    member("d1", "127.0.0.1:7001", NOW + 1);
    member("d2", "127.0.0.1:7002", NOW);

    ClusterDirectory.Snapshot read = new ClusterDirectory(store, keyspace, () -> NOW).read();

    assertThat(read.dispatchers()).containsOnlyKeys("d1");
    assertThat(read.expired()).containsExactly("127.0.0.1:7002");
  }

  @Test
  void aDispatcherThatLeftCleanlyIsNeitherLiveNorExpired() {
    member("d1", "127.0.0.1:7001", NOW + 1);
    member("d2", "127.0.0.1:7002", NOW + 1);
    runner.run(
        tx -> {
          new Members(keyspace).leave(tx, "d2");
          return null;
        });

    ClusterDirectory.Snapshot read = new ClusterDirectory(store, keyspace, () -> NOW).read();

    assertThat(read.dispatchers()).containsOnlyKeys("d1");
    assertThat(read.expired()).isEmpty();
  }

  @Test
  void anEndpointALiveDispatcherServesAgainIsNotExpired() {
    // The process restarted on the same port under another id; the old record is still stored.
    member("old", "127.0.0.1:7001", NOW - 5_000);
    member("new", "127.0.0.1:7001", NOW + 1);

    ClusterDirectory.Snapshot read = new ClusterDirectory(store, keyspace, () -> NOW).read();

    assertThat(read.dispatchers()).containsOnlyKeys("new");
    assertThat(read.expired()).isEmpty();
  }

  private void member(String id, String endpoint, long expiresAt) {
    MemberRecord record =
        MemberRecord.newBuilder()
            .setNodeId(id)
            .setEndpoint(endpoint)
            .setExpiresAt(expiresAt)
            .build();
    runner.run(
        tx -> {
          new Members(keyspace).heartbeat(tx, record);
          return null;
        });
  }
}
