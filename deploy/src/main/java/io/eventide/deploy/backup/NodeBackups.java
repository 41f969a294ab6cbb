package io.eventide.deploy.backup;

import io.eventide.deploy.files.Trees;
import io.eventide.gateway.Backups;
import io.eventide.store.Store;
import io.eventide.store.StoreException;
import io.eventide.store.rocksdb.RocksStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * A standalone node's backups: a checkpoint of its embedded store, taken by the node itself while
 * it serves, and a manifest. The node writes it, not the CLI: RocksDB holds a lock on the store for
 * as long as the node has it open, so no other process may open it, and only the open database can
 * tell which files and how much of its write-ahead log make a consistent cut.
 *
 * <pre>{@code
 * Backups backups = NodeBackups.of(store, dataDir, 256, false, "rocksdb");
 * Map<String, Object> written = backups.backup(target);   // {"to":..., "keyGroups":256, ...}
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe; one backup at a time, a second one meanwhile is refused (409).
 */
public final class NodeBackups implements Backups {
  private final RocksStore store;
  private final Path dataDir;
  private final int keyGroups;
  private final String cluster;
  private final LongSupplier clock;
  private final ReentrantLock running = new ReentrantLock();

  private NodeBackups(
      RocksStore store, Path dataDir, int keyGroups, String cluster, LongSupplier clock) {
    this.store = store;
    this.dataDir = dataDir.toAbsolutePath().normalize();
    this.keyGroups = keyGroups;
    this.cluster = cluster;
    this.clock = clock;
  }

  /**
   * The backups of a node over {@code store}: real ones for an embedded store of a node on its own,
   * else refusals that name the store's own backup. {@code storeName} is how {@code --store} reads.
   */
  public static Backups of(
      Store store, Path dataDir, int keyGroups, boolean clustered, String storeName) {
    if (store instanceof RocksStore rocks && !clustered) {
      return new NodeBackups(rocks, dataDir, keyGroups, "standalone", System::currentTimeMillis);
    }
    if (storeName.startsWith("fdb")) {
      return Backups.unsupported(
          "this node keeps its data in FoundationDB ("
              + storeName
              + "): back it up with FoundationDB's own tools (fdbbackup start, fdbrestore;"
              + " docs/operations/backup.md)");
    }
    return Backups.unsupported(
        "this node keeps its data in the state-service ("
            + storeName
            + "), shared with its cluster: back up the state-service's data dir instead"
            + " (docs/operations/backup.md)");
  }

  @Override
  public Map<String, Object> backup(Path target) throws IOException {
    if (!running.tryLock()) {
      throw new Refused(409, "BACKUP_IN_PROGRESS", "a backup of this node is being written");
    }
    try {
      boolean created = prepare(target);
      long started = System.nanoTime();
      try {
        long createdAt = clock.getAsLong();
        Path checkpoint = target.resolve(BackupManifest.STORE);
        checkpoint(checkpoint);
        long[] size = size(checkpoint);
        BackupManifest manifest =
            new BackupManifest(
                BackupManifest.FORMAT, createdAt, keyGroups, cluster, size[0], size[1]);
        manifest.write(target);
        Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("to", target.toString());
        answer.putAll(manifest.fields());
        answer.put("millis", (System.nanoTime() - started) / 1_000_000);
        return answer;
      } catch (IOException | RuntimeException e) {
        // Leave the directory as it was found: a torn backup must not look like one.
        Trees.delete(target.resolve(BackupManifest.STORE));
        Files.deleteIfExists(target.resolve(BackupManifest.FILE + ".tmp"));
        if (created) {
          Files.deleteIfExists(target);
        }
        throw e;
      }
    } finally {
      running.unlock();
    }
  }

  private void checkpoint(Path checkpoint) throws IOException {
    try {
      store.checkpoint(checkpoint);
    } catch (StoreException e) {
      if (e.code() != StoreException.Code.IO) {
        throw e;
      }
      // The target's file system refused: the operator's to fix, not the node's fault.
      throw new IOException(e.getMessage(), e);
    }
  }

  /** Checks the target and creates it if missing; true when it was created. */
  private boolean prepare(Path target) throws IOException {
    if (target.startsWith(dataDir) || dataDir.startsWith(target)) {
      throw new Refused(
          409,
          "TARGET_IN_DATA_DIR",
          "the backup directory "
              + target
              + " must be outside the node's data dir "
              + dataDir
              + " and not contain it");
    }
    if (Files.exists(target)) {
      if (!Files.isDirectory(target)) {
        throw new Refused(409, "TARGET_NOT_EMPTY", target + " exists and is not a directory");
      }
      try (Stream<Path> entries = Files.list(target)) {
        if (entries.findAny().isPresent()) {
          throw new Refused(
              409,
              "TARGET_NOT_EMPTY",
              target + " is not empty: a backup goes into a new or empty directory");
        }
      }
      return false;
    }
    Files.createDirectories(target);
    return true;
  }

  /** Files and bytes under {@code dir}. */
  private static long[] size(Path dir) throws IOException {
    long[] size = new long[2];
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        size[0]++;
        size[1] += Files.size(file);
      }
    }
    return size;
  }
}
