package io.eventide.store.rocksdb;

import io.eventide.store.Keys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Moves the inbox and outbox keys of a store written before {@link KeyFamilies} from the default
 * family into their own, once, when it is first opened; a store that has the layout marker in its
 * meta family is left alone.
 *
 * <p>Crash-safe by order: the keys are copied first (a copy overwrites a key with the value it
 * already has, so a copy interrupted and done again changes nothing), and only the last write,
 * synced, removes them from the default family together with setting the marker. Until that write
 * the default family still holds everything and the marker is absent, so the next open copies
 * again.
 *
 * <h2>Thread safety</h2>
 *
 * Runs in {@link RocksResources#open}, before anything else uses the database.
 */
final class FamilyMigration {
  static final byte[] LAYOUT_KEY = "families".getBytes(StandardCharsets.UTF_8);
  private static final byte[] LAYOUT = {1};

  /** A copy batch is written once it holds this many bytes. */
  private static final long COPY_BATCH_BYTES = 4L << 20;

  private FamilyMigration() {}

  static void run(RocksResources rocks) throws RocksDBException {
    if (rocks.db.get(rocks.meta, LAYOUT_KEY) != null) {
      return;
    }
    List<byte[]> moved = copyOut(rocks);
    try (WriteBatch last = new WriteBatch()) {
      for (byte[] prefix : moved) {
        last.deleteRange(rocks.family(KeyFamilies.DATA), prefix, Keys.strinc(prefix));
      }
      last.put(rocks.meta, LAYOUT_KEY, LAYOUT);
      rocks.db.write(rocks.syncWrites, last);
    }
  }

  /**
   * Copies every inbox and outbox kind found in the default family to its family; returns the
   * kinds' prefixes. Skips over every other kind with one seek.
   */
  private static List<byte[]> copyOut(RocksResources rocks) throws RocksDBException {
    List<byte[]> moved = new ArrayList<>();
    ColumnFamilyHandle data = rocks.family(KeyFamilies.DATA);
    try (ReadOptions read = new ReadOptions().setFillCache(false);
        RocksIterator it = rocks.db.newIterator(data, read);
        WriteOptions unsynced = new WriteOptions()) {
      it.seekToFirst();
      while (it.isValid()) {
        byte[] prefix = KeyFamilies.kindPrefix(it.key());
        if (prefix == null) {
          it.next();
          continue;
        }
        int family = KeyFamilies.of(prefix);
        if (family == KeyFamilies.DATA) {
          it.seek(Keys.strinc(prefix));
          continue;
        }
        copyKind(rocks, it, prefix, rocks.family(family), unsynced);
        moved.add(prefix);
      }
      it.status();
    }
    return moved;
  }

  /** Copies the keys from the iterator's position up to the end of {@code prefix}'s kind. */
  private static void copyKind(
      RocksResources rocks,
      RocksIterator it,
      byte[] prefix,
      ColumnFamilyHandle target,
      WriteOptions unsynced)
      throws RocksDBException {
    byte[] end = Keys.strinc(prefix);
    WriteBatch batch = new WriteBatch();
    try {
      for (; it.isValid() && Keys.compare(it.key(), end) < 0; it.next()) {
        batch.put(target, it.key(), it.value());
        if (batch.getDataSize() >= COPY_BATCH_BYTES) {
          rocks.db.write(unsynced, batch);
          batch.close();
          batch = new WriteBatch();
        }
      }
      // Unsynced: the synced last write of the migration makes every earlier one durable.
      rocks.db.write(unsynced, batch);
    } finally {
      batch.close();
    }
  }
}
