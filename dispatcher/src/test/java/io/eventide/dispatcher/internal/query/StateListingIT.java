package io.eventide.dispatcher.internal.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.dispatcher.api.StatePage;
import io.eventide.store.Store;
import io.eventide.store.TransactionRunner;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import io.eventide.store.keyspace.LargeValues;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Listing a type's instances on the real embedded store: ids once each however many values or parts
 * they have, nothing of neighbouring types, the cursor, and the byte bound of a page with values at
 * and just past its size.
 */
class StateListingIT {
  @TempDir Path dir;
  Store store;
  TransactionRunner runner;
  final Keyspace keyspace = new Keyspace("test");
  StoreReads reads;

  @BeforeEach
  void open() {
    store = Stores.rocksdb(dir);
    runner = new TransactionRunner(store);
    reads = new StoreReads(store, keyspace);
  }

  @AfterEach
  void close() {
    runner.close();
    store.close();
  }

  @Test
  void eachIdOnceInOrderWhateverItsValuesAndNothingOfOtherTypes() {
    for (int i = 0; i < 300; i++) {
      set("shop", "cart", "c" + (1000 + i), "a", bytes(10));
      set("shop", "cart", "c" + (1000 + i), "b", bytes(10));
    }
    // Parts of a large value sit under its key: still one id.
    set("shop", "cart", "c1005", "big", bytes(LargeValues.INLINE_BYTES * 3));
    set("shop", "carts", "c0", "a", bytes(1));
    set("shop", "car", "c9999", "a", bytes(1));

    List<String> all = new ArrayList<>();
    String after = null;
    do {
      StatePage page = reads.stateIds("shop", "cart", after, 7, false);
      page.instances().forEach(instance -> all.add(instance.id()));
      after = page.next();
    } while (after != null);
    assertThat(all).hasSize(300).doesNotHaveDuplicates().isSorted().startsWith("c1000");
    assertThat(reads.stateIds("shop", "cart", "c1298", 1, false).next())
        .as("the last id needs no next page")
        .isNull();
    assertThat(reads.stateIds("shop", "cart", "c1299", 10, false).instances()).isEmpty();
    assertThat(reads.stateIds("shop", "nothing", null, 10, false).instances()).isEmpty();
  }

  @Test
  void anIdThatExtendsAnotherWithANulIsItsOwnInstance() {
    set("odd", "ids", "a", "v", bytes(1));
    set("odd", "ids", "a\0b", "v", bytes(2));
    set("odd", "ids", "a\1", "v", bytes(3));
    StatePage page = reads.stateIds("odd", "ids", null, 10, true);
    assertThat(page.instances())
        .extracting(StatePage.Instance::id)
        .containsExactly("a", "a\0b", "a\1");
    assertThat(page.instances().get(0).values().get("v")).hasSize(1);
    assertThat(page.instances().get(1).values().get("v")).hasSize(2);
    assertThat(reads.stateIds("odd", "ids", "a", 10, false).instances())
        .extracting(StatePage.Instance::id)
        .containsExactly("a\0b", "a\1");
  }

  @Test
  void aPageWithValuesHoldsEightMebibytesAndStopsBeforeMore() {
    int mib = 1 << 20;
    for (int i = 0; i < 9; i++) {
      set("big", "state", "i" + i, "v", bytes(mib));
    }
    StatePage page = reads.stateIds("big", "state", null, 100, true);
    assertThat(page.instances()).hasSize(8);
    assertThat(page.next()).isEqualTo("i7");
    assertThat(page.instances().get(3).values().get("v")).hasSize(mib);
    StatePage rest = reads.stateIds("big", "state", page.next(), 100, true);
    assertThat(rest.instances()).extracting(StatePage.Instance::id).containsExactly("i8");
    assertThat(rest.next()).isNull();

    set("big", "state", "i0", "w", bytes(1));
    assertThat(reads.stateIds("big", "state", null, 100, true).instances())
        .as("one byte past eight mebibytes ends the page an instance earlier")
        .hasSize(7);
  }

  @Test
  void aSingleInstanceOverTheBoundStillMakesAPage() {
    set("big", "one", "x", "v", bytes((int) StateListing.MAX_PAGE_BYTES + 1));
    set("big", "one", "y", "v", bytes(1));
    StatePage page = reads.stateIds("big", "one", null, 10, true);
    assertThat(page.instances()).extracting(StatePage.Instance::id).containsExactly("x");
    assertThat(page.next()).isEqualTo("x");
  }

  private void set(String ns, String type, String id, String name, byte[] value) {
    runner.run(
        tx -> {
          LargeValues.set(tx, keyspace.state(ns, type, id, name), value, true);
          return null;
        });
  }

  private static byte[] bytes(int size) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) 'x');
    return bytes;
  }
}
