package io.eventide.deploy.backup;

import io.eventide.deploy.files.Trees;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import io.eventide.store.rocksdb.RocksStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Restores a backup into a new data dir, offline: the store's files are linked (immutable SST
 * files, when on the same file system) or copied (the rest), the commit version is moved forward,
 * and the result is opened once to check it against the manifest. A node started on the data dir
 * then continues from the backup's cut.
 *
 * <pre>{@code
 * Map<String, Object> restored = Restore.run(backupDir, newDataDir);
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Stateless; a data dir must not be restored into by two callers at once (RocksDB's lock on the
 * store makes the second fail).
 */
public final class Restore {
  /**
   * How far a restored store's commit version jumps. Versions number the commits, and egress
   * offsets and message ids are made of them: the node the backup came from may have kept
   * committing after it, and a restored store counting on from the backup's version would hand out
   * its numbers again, for other records. 2^40 commits is more than the embedded store can make in
   * years, and offsets ({@code version << 16}) stay positive for 2^7 restores in a row.
   */
  static final long VERSION_JUMP = 1L << 40;

  private Restore() {}

  /**
   * Restores backup {@code from} into {@code dataDir}, which must not exist or be empty; returns
   * what was restored.
   *
   * @throws IllegalArgumentException when {@code from} is not a backup, or {@code dataDir} not
   *     empty
   */
  public static Map<String, Object> run(Path from, Path dataDir) throws IOException {
    BackupManifest manifest = BackupManifest.read(from);
    boolean created = prepare(dataDir);
    Path store = dataDir.resolve(BackupManifest.STORE);
    try {
      long[] copied = copy(from.resolve(BackupManifest.STORE), store);
      long version = RocksStore.advanceVersion(store, VERSION_JUMP);
      int keyGroups = keyGroups(store, manifest.cluster());
      if (keyGroups != manifest.keyGroups()) {
        throw new IllegalArgumentException(
            "the backup's store has "
                + keyGroups
                + " key groups, its manifest says "
                + manifest.keyGroups()
                + ": the backup is damaged");
      }
      Map<String, Object> restored = new LinkedHashMap<>();
      restored.put("from", from.toString());
      restored.put("dataDir", dataDir.toString());
      restored.put("createdAt", manifest.createdAt());
      restored.put("keyGroups", keyGroups);
      restored.put("linked", copied[0]);
      restored.put("copied", copied[1]);
      restored.put("version", version);
      return restored;
    } catch (IOException | RuntimeException e) {
      Trees.delete(store);
      if (created) {
        Files.deleteIfExists(dataDir);
      }
      throw e;
    }
  }

  /** Refuses a data dir with anything in it; creates a missing one (true then). */
  private static boolean prepare(Path dataDir) throws IOException {
    if (!Files.exists(dataDir)) {
      Files.createDirectories(dataDir);
      return true;
    }
    if (!Files.isDirectory(dataDir)) {
      throw new IllegalArgumentException(dataDir + " exists and is not a directory");
    }
    try (Stream<Path> entries = Files.list(dataDir)) {
      if (entries.findAny().isPresent()) {
        throw new IllegalArgumentException(
            dataDir + " is not empty: restore into a new or empty data dir");
      }
    }
    return false;
  }

  /**
   * Links the SST files of {@code source} into {@code target} and copies the others (the logs,
   * MANIFEST, CURRENT and OPTIONS, which the opened store changes); returns {linked, copied}.
   */
  private static long[] copy(Path source, Path target) throws IOException {
    Files.createDirectories(target);
    long[] counts = new long[2];
    List<Path> files;
    try (Stream<Path> listed = Files.list(source)) {
      files = listed.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path file : files) {
      Path to = target.resolve(file.getFileName().toString());
      if (file.getFileName().toString().endsWith(".sst") && link(file, to)) {
        counts[0]++;
      } else {
        Files.copy(file, to);
        counts[1]++;
      }
    }
    return counts;
  }

  private static boolean link(Path existing, Path link) {
    try {
      Files.createLink(link, existing);
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false; // another file system, or one that does not link: copy instead
    }
  }

  private static int keyGroups(Path store, String cluster) {
    try (Store opened = Stores.rocksdb(store);
        Transaction tx = opened.begin()) {
      byte[] stored = tx.get(new Keyspace(cluster).meta("key-groups"));
      if (stored == null) {
        throw new IllegalArgumentException("the backup's store has no key-group count");
      }
      return ByteBuffer.wrap(stored).getInt();
    }
  }
}
