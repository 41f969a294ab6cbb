package io.eventide.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.apple.foundationdb.tuple.Tuple;
import io.eventide.store.KeyValue;
import io.eventide.store.Keys;
import io.eventide.store.Transaction;
import io.eventide.store.keyspace.Keyspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

/**
 * A store written before inboxes and outboxes had families of their own, opened by this build:
 * everything it held is read as before, and the queues' keys have moved out of the default family.
 */
class FamilyMigrationTest {
  private static final Keyspace KEYSPACE = new Keyspace("standalone");
  private static final long VERSION = 41;

  @TempDir Path dir;

  @Test
  void aStoreFromBeforeTheFamiliesIsSplitOnceAndReadsAsBefore() throws Exception {
    TreeMap<byte[], byte[]> written = oldLayout(smallValues());
    try (RocksStore store = RocksStore.open(dir, RocksStoreOptions.defaults())) {
      assertThat(store.latestVersion()).isEqualTo(VERSION);
      assertReadsEverything(store, written);
    }
    Map<String, List<byte[]>> families = rawFamilies();
    assertThat(families.get("default"))
        .isNotEmpty()
        .allSatisfy(k -> assertThat(KeyFamilies.of(k)).isEqualTo(KeyFamilies.DATA));
    assertThat(families.get("inbox"))
        .hasSize(3)
        .allSatisfy(k -> assertThat(KeyFamilies.of(k)).isEqualTo(KeyFamilies.INBOX));
    assertThat(families.get("outbox"))
        .hasSize(3)
        .allSatisfy(k -> assertThat(KeyFamilies.of(k)).isEqualTo(KeyFamilies.OUTBOX));
    try (RocksStore store = RocksStore.open(dir, RocksStoreOptions.defaults())) {
      assertReadsEverything(store, written);
    }
  }

  /**
   * A migration that died after copying part of the keys (no marker, the default family still
   * whole) copies again: every key once, with its value.
   */
  @Test
  void aMigrationCutShortIsDoneAgainFromTheStart() throws Exception {
    TreeMap<byte[], byte[]> written = oldLayout(smallValues());
    byte[] firstInbox = written.ceilingKey(KEYSPACE.inbox(0));
    try (DBOptions options = new DBOptions().setCreateMissingColumnFamilies(true);
        ColumnFamilyHandles handles =
            ColumnFamilyHandles.open(dir, options, "default", "meta", "inbox")) {
      handles.db.put(handles.get("inbox"), firstInbox, written.get(firstInbox));
    }
    try (RocksStore store = RocksStore.open(dir, RocksStoreOptions.defaults())) {
      assertReadsEverything(store, written);
    }
    assertThat(rawFamilies().get("inbox")).hasSize(3);
  }

  /** Outbox records over several copy batches (4 MB each): the last batch is not lost. */
  @Test
  void keysPastOneCopyBatchAllMove() throws Exception {
    Map<byte[], byte[]> values = smallValues();
    Random random = new Random(7);
    for (long i = 10; i < 10 + 50; i++) {
      byte[] value = new byte[100_000];
      random.nextBytes(value);
      values.put(Keys.concat(KEYSPACE.outbox("big"), Tuple.from(i).pack()), value);
    }
    TreeMap<byte[], byte[]> written = oldLayout(values);
    try (RocksStore store = RocksStore.open(dir, RocksStoreOptions.defaults())) {
      assertReadsEverything(store, written);
    }
    assertThat(rawFamilies().get("outbox")).hasSize(53);
  }

  private static Map<byte[], byte[]> smallValues() {
    Map<byte[], byte[]> values = new TreeMap<>(Keys::compare);
    values.put(KEYSPACE.state("ns", "counter", "k", "count"), bytes("7"));
    values.put(KEYSPACE.inboxSignal(2, 0), bytes("signal"));
    values.put(KEYSPACE.outboxTrimmed("e"), bytes("trimmed"));
    values.put(KEYSPACE.meta("key-groups"), bytes("128"));
    for (long i = 1; i <= 3; i++) {
      values.put(Keys.concat(KEYSPACE.inbox(2), Tuple.from(i).pack()), bytes("chunk " + i));
      values.put(Keys.concat(KEYSPACE.outbox("e"), Tuple.from(i).pack()), bytes("record " + i));
    }
    return values;
  }

  /** Writes {@code values} and the commit version as a store before the families kept them. */
  private TreeMap<byte[], byte[]> oldLayout(Map<byte[], byte[]> values) throws Exception {
    try (DBOptions options =
            new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        ColumnFamilyHandles handles = ColumnFamilyHandles.open(dir, options, "default", "meta")) {
      for (Map.Entry<byte[], byte[]> e : values.entrySet()) {
        handles.db.put(handles.get("default"), e.getKey(), e.getValue());
      }
      handles.db.put(
          handles.get("meta"), RocksResources.VERSION_KEY, Bytes.writeBigEndian(VERSION));
    }
    TreeMap<byte[], byte[]> sorted = new TreeMap<>(Keys::compare);
    sorted.putAll(values);
    return sorted;
  }

  private static void assertReadsEverything(RocksStore store, TreeMap<byte[], byte[]> written) {
    byte[] root = KEYSPACE.root();
    try (Transaction tx = store.begin()) {
      List<KeyValue> read = tx.getRange(root, Keys.strinc(root), 0, false);
      assertThat(read).hasSize(written.size());
      int i = 0;
      for (Map.Entry<byte[], byte[]> e : written.entrySet()) {
        assertThat(read.get(i).key()).isEqualTo(e.getKey());
        assertThat(read.get(i).value()).isEqualTo(e.getValue());
        assertThat(tx.get(e.getKey())).isEqualTo(e.getValue());
        i++;
      }
    }
  }

  /** Every key of every column family of the closed store, by family name. */
  private Map<String, List<byte[]>> rawFamilies() throws Exception {
    Map<String, List<byte[]>> keys = new TreeMap<>();
    try (DBOptions options = new DBOptions();
        ColumnFamilyHandles handles =
            ColumnFamilyHandles.open(dir, options, "default", "meta", "inbox", "outbox")) {
      for (String name : List.of("default", "inbox", "outbox")) {
        List<byte[]> family = new ArrayList<>();
        try (RocksIterator it = handles.db.newIterator(handles.get(name))) {
          for (it.seekToFirst(); it.isValid(); it.next()) {
            family.add(it.key());
          }
        }
        keys.put(name, family);
      }
    }
    return keys;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A raw RocksDB with the named column families open, closed together. */
  private record ColumnFamilyHandles(RocksDB db, List<String> names, List<ColumnFamilyHandle> list)
      implements AutoCloseable {
    static ColumnFamilyHandles open(Path dir, DBOptions options, String... names) throws Exception {
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      for (String name : names) {
        descriptors.add(new ColumnFamilyDescriptor(bytes(name)));
      }
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles);
      return new ColumnFamilyHandles(db, Arrays.asList(names), handles);
    }

    ColumnFamilyHandle get(String name) {
      return list.get(names.indexOf(name));
    }

    @Override
    public void close() {
      list.forEach(ColumnFamilyHandle::close);
      db.close();
    }
  }
}
