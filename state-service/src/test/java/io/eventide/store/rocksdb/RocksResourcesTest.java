package io.eventide.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/** The options {@link RocksResources} opens RocksDB with, seen in what RocksDB does. */
class RocksResourcesTest {
  private static final long WRITE_BUFFER = 1 << 20;

  @TempDir Path dir;

  /**
   * Every group writes the commit version to the meta family, whose memtable never fills. Unless it
   * flushes with the data, every WAL file stays alive until the total WAL size cap (four write
   * buffers) forces a flush, and none is reused before. Groups of a quarter of a write buffer each
   * stay under that cap until well past the second flush, after which a switch takes the first log
   * from the recycle list.
   */
  @Test
  void walFilesAreReusedOnceTheDataFlushes() throws Exception {
    byte[] value = new byte[(int) (WRITE_BUFFER / 4)];
    try (RocksResources rocks =
        RocksResources.open(dir, RocksStoreOptions.defaults().withWriteBufferBytes(WRITE_BUFFER))) {
      int groups = 0;
      while (WalReuse.count(dir) == 0) {
        assertThat(groups).as("groups written without a reused WAL file").isLessThan(14);
        try (WriteBatch group = new WriteBatch()) {
          group.put(rocks.family(KeyFamilies.DATA), Bytes.writeBigEndian(groups), value);
          group.put(rocks.meta, RocksResources.VERSION_KEY, Bytes.writeBigEndian(groups));
          rocks.db.write(rocks.syncWrites, group);
        }
        groups++;
        await().atMost(Duration.ofSeconds(30)).until(() -> flushesSettled(rocks));
      }
    }
  }

  private static boolean flushesSettled(RocksResources rocks) throws RocksDBException {
    return rocks.db.getLongProperty("rocksdb.num-running-flushes") == 0
        && rocks.db.getLongProperty(
                rocks.family(KeyFamilies.DATA), "rocksdb.mem-table-flush-pending")
            == 0;
  }
}
