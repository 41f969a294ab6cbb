package io.eventide.store.rocksdb;

import io.eventide.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.IndexType;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

/**
 * The open RocksDB instance and every native object it needs, closed together.
 *
 * <p>Option choices, for a write-heavy, queue-like workload (inboxes appended by versionstamp and
 * consumed from the front, state overwritten in place):
 *
 * <ul>
 *   <li>One native memory budget of 64 MB: the block cache, with the memtables charged to it
 *       through a {@link WriteBufferManager} that flushes once they hold 32 MB (before, up to 4
 *       memtables of 64 MB per column family sat outside the cache). 32 MB still absorbs bursts of
 *       group commits and lets deleted queue entries die in the memtable before they reach an SST;
 *       keyed throughput was unchanged (benchmarks/README.md, "Issue 23: one memory budget").
 *   <li>Level compaction with dynamic level sizes: bounded space amplification for overwrites.
 *   <li>LZ4 on every level (cheap on 2 cores); keys share long tuple prefixes so blocks compress
 *       well.
 *   <li>Full-key bloom filters (10 bits/key) in a shared 64 MB block cache: point reads of state
 *       keys that mostly exist or mostly don't skip SSTs. No prefix extractor: tuple prefixes have
 *       no fixed length, and range reads are bounded by iterator bounds instead.
 *   <li>Index and filters partitioned into 4 KB blocks that go through the cache like data, with
 *       only their top level pinned; the cache in 16 shards. A cache shard must hold a whole block:
 *       with one index and filter block per file (2.3 + 2.5 MB for a million keys) and the default
 *       64 shards of 1 MB, neither was ever kept, and every state read of an uncached address
 *       loaded both again (200-340 µs a read; processing fell to ~3,000 events/s at 1M keys).
 *   <li>Inbox and outbox keys have column families of their own ({@link KeyFamilies}), so that
 *       compactions of the state do not rewrite the queues, and appended egress records move down
 *       without a rewrite. A store from before is split when it is first opened ({@link
 *       FamilyMigration}).
 *   <li>A column family {@code meta} holds the commit version, out of the user keyspace. It flushes
 *       with the data (atomic flush), so that each flush frees the log before it; a cap on the
 *       total WAL size stays as a bound.
 *   <li>Writes: WAL on, {@code sync=true}; the committer writes one batch per group, so the fsync
 *       is paid once per group, not per transaction.
 *   <li>WAL files are reused once obsolete ({@link #RECYCLED_WAL_FILES}): a synced write into a
 *       file that does not grow leaves the file system's journal out of the {@code fdatasync}, one
 *       sleep of the committer less per group (docs/decisions/call-latency.md).
 * </ul>
 */
final class RocksResources implements AutoCloseable {
  private static final int CACHE_SHARD_BITS = 4;

  /**
   * The store's native memory budget: the block cache, which also carries the memtables' charge.
   */
  static final long MEMORY_BUDGET_BYTES = 64L << 20;

  /**
   * The memtables' share of {@link #MEMORY_BUDGET_BYTES}: past it (7/8 of it for the mutable one)
   * RocksDB flushes, whatever the write buffer size. Without it, up to 4 memtables of 64 MB per
   * column family stayed outside the cache; an idle node at a million keys kept a full one.
   */
  static final long MEMTABLE_BUDGET_BYTES = 32L << 20;

  /**
   * Obsolete WAL files kept to be written over by the next ones. RocksDB tells a recycled file's
   * old records from new ones by the log number in each record, and allows this with its default
   * point-in-time recovery; {@code RocksStoreCrashIT} kills a writer in a reused file.
   */
  static final int RECYCLED_WAL_FILES = 2;

  static final byte[] VERSION_KEY = "version".getBytes(StandardCharsets.UTF_8);

  final RocksDB db;
  final ColumnFamilyHandle meta;
  private final ColumnFamilyHandle[] families;
  final WriteOptions syncWrites;
  private final List<AutoCloseable> owned = new ArrayList<>();

  private RocksResources(
      RocksDB db, List<ColumnFamilyHandle> handles, List<AutoCloseable> options) {
    this.db = db;
    this.meta = handles.get(1);
    this.families =
        new ColumnFamilyHandle[] {handles.get(0), handles.get(2), handles.get(3)}; // KeyFamilies
    this.syncWrites = new WriteOptions().setSync(true).setDisableWAL(false);
    owned.add(syncWrites);
    owned.addAll(handles);
    owned.add(db);
    owned.addAll(options);
  }

  static RocksResources open(Path dir, RocksStoreOptions tuning) {
    RocksDB.loadLibrary();
    List<AutoCloseable> options = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      LRUCache cache = new LRUCache(MEMORY_BUDGET_BYTES, CACHE_SHARD_BITS);
      BloomFilter bloom = new BloomFilter(10, false);
      // Closed after the options that refer to it (closeAll goes in list order).
      WriteBufferManager memtables = new WriteBufferManager(MEMTABLE_BUDGET_BYTES, cache);
      options.add(memtables);
      options.add(bloom);
      options.add(cache);
      ColumnFamilyOptions cfOptions =
          new ColumnFamilyOptions()
              .setWriteBufferSize(tuning.writeBufferBytes())
              .setMaxWriteBufferNumber(4)
              .setLevelCompactionDynamicLevelBytes(true)
              .setCompressionType(CompressionType.LZ4_COMPRESSION)
              .setBottommostCompressionType(CompressionType.LZ4_COMPRESSION)
              .setTableFormatConfig(
                  new BlockBasedTableConfig()
                      .setBlockCache(cache)
                      .setFilterPolicy(bloom)
                      .setWholeKeyFiltering(true)
                      .setIndexType(IndexType.kTwoLevelIndexSearch)
                      .setPartitionFilters(true)
                      .setMetadataBlockSize(4096)
                      .setCacheIndexAndFilterBlocks(true)
                      .setCacheIndexAndFilterBlocksWithHighPriority(true)
                      .setPinTopLevelIndexAndFilter(true)
                      .setPinL0FilterAndIndexBlocksInCache(true));
      options.add(0, cfOptions);
      DBOptions dbOptions =
          new DBOptions()
              .setCreateIfMissing(true)
              .setCreateMissingColumnFamilies(true)
              .setIncreaseParallelism(2)
              .setMaxBackgroundJobs(2)
              .setBytesPerSync(1L << 20)
              .setRecycleLogFileNum(RECYCLED_WAL_FILES)
              // A WAL file is obsolete (deleted, or kept for reuse) only once every family with
              // records in it has flushed. The meta family takes one small write per group and
              // would fill its memtable never, keeping every log alive (half a gigabyte after two
              // million events); flushed with the data, it frees each log at the data's flush.
              .setAtomicFlush(true)
              .setWriteBufferManager(memtables)
              // A bound should a flush of the data ever not come: past this size RocksDB flushes
              // every family and the old logs go.
              .setMaxTotalWalSize(4 * tuning.writeBufferBytes());
      options.add(0, dbOptions);
      List<ColumnFamilyDescriptor> descriptors =
          List.of(
              new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
              new ColumnFamilyDescriptor(bytes("meta"), cfOptions),
              new ColumnFamilyDescriptor(
                  bytes(KeyFamilies.NAMES.get(KeyFamilies.INBOX)), cfOptions),
              new ColumnFamilyDescriptor(
                  bytes(KeyFamilies.NAMES.get(KeyFamilies.OUTBOX)), cfOptions));
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      RocksDB db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
      RocksResources rocks = new RocksResources(db, handles, options);
      try {
        FamilyMigration.run(rocks);
      } catch (RocksDBException | RuntimeException e) {
        rocks.close();
        throw e;
      }
      return rocks;
    } catch (RocksDBException | java.io.IOException e) {
      closeAll(options);
      throw new StoreException(
          StoreException.Code.IO, "cannot open RocksDB at " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The handle of {@code family} ({@link KeyFamilies}). */
  ColumnFamilyHandle family(int family) {
    return families[family];
  }

  /** The handle of the family that holds {@code key}. */
  ColumnFamilyHandle familyOf(byte[] key) {
    return families[KeyFamilies.of(key)];
  }

  private static byte[] bytes(String name) {
    return name.getBytes(StandardCharsets.UTF_8);
  }

  /** The last persisted commit version, or 0 for a new store. */
  long persistedVersion() {
    try {
      byte[] bytes = db.get(meta, VERSION_KEY);
      return bytes == null ? 0 : Bytes.readBigEndian(bytes);
    } catch (RocksDBException e) {
      throw new StoreException(StoreException.Code.IO, "cannot read the commit version", e);
    }
  }

  @Override
  public void close() {
    closeAll(owned);
  }

  private static void closeAll(List<AutoCloseable> objects) {
    StoreException failure = null;
    for (AutoCloseable c : objects) {
      try {
        c.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new StoreException(StoreException.Code.IO, "closing RocksDB failed", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
