package io.eventide.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.sdk.Address;
import io.eventide.sdk.runtime.StoredCollections;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import io.eventide.store.keyspace.LargeValues;
import io.eventide.store.keyspace.ListSegments;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maps and lists read back from a RocksDB store page by page, written as commits write them: map
 * entries in parts among small ones and keys whose encodings extend one another; list segments many
 * and large.
 */
class StoreCollectionsIT {
  static final Address A = Address.of("t", "shelf", "a");

  @TempDir Path dir;
  final Keyspace keyspace = new Keyspace("it");
  Store store;
  StoreCollections collections;

  @BeforeEach
  void open() {
    store = Stores.rocksdb(dir.resolve("store"));
    collections = new StoreCollections(store, keyspace);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void commit(Consumer<Transaction> writes) {
    try (Transaction tx = store.begin()) {
      writes.accept(tx);
      tx.commitAsync().join();
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void mapPagesHoldWholeEntriesInKeyOrderAndMissNone() {
    TreeMap<byte[], byte[]> expected = new TreeMap<>(Arrays::compareUnsigned);
    for (int k = 0; k < 150; k++) {
      expected.put(bytes(String.format("k%03d", k)), bytes("v" + k));
    }
    expected.put(bytes("a"), bytes("1"));
    expected.put(bytes("a\0"), bytes("2")); // its key's encoding extends that of "a"
    expected.put(bytes("a\0b"), new byte[300_000]); // in parts
    expected.put(bytes("k0645"), new byte[1 << 20]); // in parts, mid-page
    commit(
        tx ->
            expected.forEach(
                (key, value) ->
                    LargeValues.set(
                        tx, keyspace.mapEntry("t", "shelf", "a", "items", key), value, false)));

    for (int limit : List.of(1, 7, 64, 1000)) {
      List<Map.Entry<byte[], byte[]>> all = new ArrayList<>();
      byte[] after = null;
      List<Map.Entry<byte[], byte[]>> page;
      do {
        page = collections.mapPage(A, "items", after, limit);
        assertThat(page.size()).isLessThanOrEqualTo(limit);
        all.addAll(page);
        after = page.isEmpty() ? after : page.get(page.size() - 1).getKey();
      } while (page.size() == limit);
      assertThat(all).as("pages of %d", limit).hasSameSizeAs(expected.entrySet());
      int i = 0;
      for (Map.Entry<byte[], byte[]> entry : expected.entrySet()) {
        assertThat(all.get(i).getKey()).isEqualTo(entry.getKey());
        assertThat(all.get(i++).getValue()).isEqualTo(entry.getValue());
      }
    }
    assertThat(collections.mapGet(A, "items", bytes("a\0"))).isEqualTo(bytes("2"));
    assertThat(collections.mapGet(A, "items", bytes("k0645"))).hasSize(1 << 20);
    assertThat(collections.mapGet(A, "items", bytes("nope"))).isNull();
    assertThat(collections.mapPage(A, "other", null, 10)).isEmpty();
  }

  @Test
  void listPagesWalkEverySegmentInOrder() {
    byte[] prefix = keyspace.list("t", "shelf", "a", "log");
    List<byte[]> expected = new ArrayList<>();
    for (int segment = 0; segment < 300; segment++) {
      List<byte[]> elements =
          segment == 150
              ? List.of(new byte[3 << 20], bytes("after-big")) // a segment in parts
              : List.of(bytes("e" + segment + ".0"), bytes("e" + segment + ".1"));
      expected.addAll(elements);
      commit(
          tx ->
              LargeValues.setVersionstamped(
                  tx, prefix, 0, new byte[0], ListSegments.encode(elements)));
    }

    List<byte[]> read = new ArrayList<>();
    int pages = 0;
    byte[] from = null;
    do {
      StoredCollections.ListPage page = collections.listPage(A, "log", from);
      read.addAll(page.elements());
      from = page.next();
      pages++;
    } while (from != null);

    assertThat(pages).isGreaterThan(2);
    assertThat(read).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(read.get(i)).isEqualTo(expected.get(i));
    }
    assertThat(collections.read(A, "log")).hasSameSizeAs(expected);
  }
}
