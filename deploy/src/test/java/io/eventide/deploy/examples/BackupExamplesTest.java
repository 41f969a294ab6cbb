package io.eventide.deploy.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.deploy.backup.BackupManifest;
import io.eventide.deploy.backup.NodeBackups;
import io.eventide.deploy.backup.Restore;
import io.eventide.gateway.Backups;
import io.eventide.store.Store;
import io.eventide.store.TransactionRunner;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Javadoc examples of the backup package, run in order on a real embedded store: a backup of an
 * open store, its manifest, and a restore into a new data dir.
 */
class BackupExamplesTest {
  @TempDir Path tmp;

  @Test
  void aBackupOfAnOpenStoreIsReadAndRestored() throws Exception {
    Path dataDir = tmp.resolve("data");
    Path target = tmp.resolve("backup");
    Path backupDir = target;
    Path newDataDir = tmp.resolve("restored");
    try (Store store = Stores.rocksdb(dataDir.resolve("store"));
        TransactionRunner runner = new TransactionRunner(store)) {
      runner.run(
          tx -> {
            tx.set(
                new Keyspace("standalone").meta("key-groups"),
                ByteBuffer.allocate(4).putInt(256).array());
            return null;
          });
      // javadoc: NodeBackups
      Backups backups = NodeBackups.of(store, dataDir, 256, false, "rocksdb");
      Map<String, Object> written = backups.backup(target); // {"to":..., "keyGroups":256, ...}
      // end javadoc
      assertThat(written).containsEntry("to", target.toString()).containsEntry("keyGroups", 256);
    }

    // javadoc: BackupManifest
    BackupManifest manifest = BackupManifest.read(backupDir); // IllegalArgumentException: not one
    // end javadoc
    assertThat(manifest.format()).isEqualTo(BackupManifest.FORMAT);

    // javadoc: Restore
    Map<String, Object> restored = Restore.run(backupDir, newDataDir);
    // end javadoc
    assertThat(restored).containsEntry("keyGroups", 256);
    // Past any version the backed-up store could have reached since: 2^40 commits on.
    assertThat((Long) restored.get("version")).isGreaterThanOrEqualTo(1L << 40);
    assertThat(newDataDir.resolve("store").resolve("CURRENT")).isRegularFile();
  }
}
