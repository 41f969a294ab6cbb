package io.eventide.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.apple.foundationdb.tuple.Tuple;
import io.eventide.store.KeyValue;
import io.eventide.store.StoreException;
import io.eventide.store.Transaction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many prefixes read with one iterator ({@code RangeScan.scanAll}, from {@link
 * RocksTransaction#ONE_ITERATOR_FROM} prefixes on) read what a bounded read of each prefix reads,
 * and record the same read conflicts.
 */
class RocksPrefixReadsTest {
  private static final int FROM = RocksTransaction.ONE_ITERATOR_FROM;

  @TempDir Path dir;

  @Test
  void justBelowAndAtTheThresholdEachPrefixReadsWhatItsOwnReadReads() throws Exception {
    try (RocksStore store = RocksStore.open(dir, RocksStoreOptions.defaults())) {
      try (Transaction tx = store.begin()) {
        for (int p = 0; p < FROM + 2; p++) {
          for (int i = 0; i < 3; i++) {
            tx.set(key("s", p, i), bytes("v" + p + i));
          }
          // Sorts right after the prefix's end, where an unbounded seek lands next.
          tx.set(Tuple.from("s", p + "x").pack(), bytes("neighbour" + p));
        }
        tx.commitAsync().get(30, TimeUnit.SECONDS);
      }
      for (int count : new int[] {FROM - 1, FROM}) {
        try (Transaction tx = store.begin()) {
          tx.set(key("s", 1, 9), bytes("own"));
          tx.clear(key("s", 2, 0));
          tx.clearRange(key("s", 3, 1), key("s", 3, 3));
          List<byte[]> prefixes = new ArrayList<>();
          for (int p = count - 1; p >= 0; p--) { // out of key order
            prefixes.add(p == count - 1 ? Tuple.from("s", "none").pack() : key("s", p));
          }

          List<List<KeyValue>> many = tx.snapshot().getPrefixes(prefixes);

          assertThat(many).as("%d prefixes", count).hasSize(count);
          for (int i = 0; i < count; i++) {
            assertThat(values(many.get(i)))
                .as("%d prefixes, prefix %d", count, i)
                .isEqualTo(values(tx.snapshot().getPrefix(prefixes.get(i), 0)));
          }
          assertThat(many.get(0)).isEmpty();
          assertThat(values(many.get(count - 2))).containsExactly("v10", "v11", "v12", "own");
          assertThat(values(many.get(count - 3))).containsExactly("v21", "v22");
          assertThat(values(many.get(count - 4))).containsExactly("v30");
          assertThat(values(many.get(count - 1))).containsExactly("v00", "v01", "v02");
        }
      }
    }
  }

  @Test
  void aReadOfManyPrefixesConflictsWithALaterWriteInAnyOfThemAndASnapshotReadDoesNot()
      throws Exception {
    try (RocksStore store = RocksStore.open(dir, RocksStoreOptions.defaults())) {
      List<byte[]> prefixes = new ArrayList<>();
      for (int p = 0; p < FROM; p++) {
        prefixes.add(key("c", p));
      }
      Transaction reader = store.begin();
      Transaction snapshotReader = store.begin();
      reader.getPrefixes(prefixes);
      snapshotReader.snapshot().getPrefixes(prefixes);
      try (Transaction writer = store.begin()) {
        writer.set(key("c", FROM - 1, "new"), bytes("w")); // in the last prefix, seen empty
        writer.commitAsync().get(30, TimeUnit.SECONDS);
      }
      reader.set(key("out"), bytes("r"));
      snapshotReader.set(key("out2"), bytes("r"));

      assertThatThrownBy(() -> reader.commitAsync().get(30, TimeUnit.SECONDS))
          .satisfies(
              e ->
                  assertThat(StoreException.unwrap(e).code())
                      .isEqualTo(StoreException.Code.CONFLICT));
      assertThat(snapshotReader.commitAsync().get(30, TimeUnit.SECONDS).version()).isPositive();
    }
  }

  private static byte[] key(Object... elements) {
    return Tuple.from(elements).pack();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> values(List<KeyValue> rows) {
    return rows.stream().map(kv -> new String(kv.value(), StandardCharsets.UTF_8)).toList();
  }
}
