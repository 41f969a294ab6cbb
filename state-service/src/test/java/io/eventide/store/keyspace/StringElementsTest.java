package io.eventide.store.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.apple.foundationdb.tuple.Tuple;
import io.eventide.store.KeyValue;
import io.eventide.store.Transaction;
import io.eventide.store.rocksdb.RocksStore;
import io.eventide.store.rocksdb.RocksStoreOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Strings read in place from keys, against FoundationDB's tuple layer. */
class StringElementsTest {
  private static final byte[] PREFIX = Tuple.from("eventide", "test").pack();

  @Test
  void stringsReadAsTheTupleLayerDecodesThem() {
    for (String s :
        List.of("", "value", "with\0nul", "\0", "\0\0x", "ends\0", "café", "中文", "\uD83D\uDE00")) {
      assertReadBack(s);
    }
    Random random = new Random(11);
    for (int i = 0; i < 5_000; i++) {
      assertReadBack(TuplePackerTest.randomString(random));
    }
  }

  @Test
  void onlyCompleteStringElementsAreSkipped() {
    byte[] number = TuplePacker.pack(PREFIX, 7L);
    assertThat(StringElements.skip(number, PREFIX.length)).isEqualTo(-1);
    byte[] bytes = TuplePacker.pack(PREFIX, (Object) new byte[] {'p'});
    assertThat(StringElements.skip(bytes, PREFIX.length)).isEqualTo(-1);
    byte[] string = TuplePacker.pack(PREFIX, "name");
    assertThat(StringElements.skip(string, string.length)).isEqualTo(-1);
    byte[] unterminated = Arrays.copyOf(string, string.length - 1);
    assertThat(StringElements.skip(unterminated, PREFIX.length)).isEqualTo(-1);
    byte[] nul = TuplePacker.pack(PREFIX, "x\0");
    byte[] cutAfterAnEscape = Arrays.copyOf(nul, nul.length - 1);
    assertThat(StringElements.skip(cutAfterAnEscape, PREFIX.length)).isEqualTo(-1);
  }

  @Test
  void aValueKeyHasExactlyItsFiveStringsAndAPartKeyMore() {
    Keyspace keyspace = new Keyspace("test");
    int root = keyspace.root().length;
    byte[] value = keyspace.state("ns", "type", "id\0", "total");
    assertThat(StringElements.exactly(value, root, 5)).isTrue();
    assertThat(StringElements.exactly(value, root, 4)).isFalse();
    assertThat(StringElements.exactly(value, root, 6)).isFalse();
    byte[] part = TuplePacker.pack(value, (Object) new byte[] {'p'}, 3L, 0L);
    assertThat(StringElements.exactly(part, root, 5)).isFalse();
  }

  @Test
  void aNameSuffixIsReadFromTheLastElement() {
    Keyspace keyspace = new Keyspace("test");
    assertThat(StringElements.lastEndsWith(keyspace.state("n", "t", "i", "a@ttl"), "@ttl"))
        .isTrue();
    assertThat(StringElements.lastEndsWith(keyspace.state("n", "t", "i", "@ttl"), "@ttl")).isTrue();
    assertThat(StringElements.lastEndsWith(keyspace.state("n", "t", "i", "a@ttla"), "@ttl"))
        .isFalse();
    assertThat(StringElements.lastEndsWith(keyspace.state("n", "t", "i", "a@ttla"), "@ttla"))
        .isTrue();
    assertThat(StringElements.lastEndsWith(keyspace.state("n", "t", "i", "ttl"), "@ttl")).isFalse();
    assertThat(StringElements.lastEndsWith(keyspace.state("n", "t", "i@ttl", "x"), "@ttl"))
        .isFalse();
  }

  @Test
  void anInstancesValuesAreReadBackByNameLargeOnesWhole(@TempDir Path dir) {
    Keyspace keyspace = new Keyspace("test");
    byte[] large = new byte[LargeValues.INLINE_BYTES * 2 + 5];
    new Random(3).nextBytes(large);
    try (RocksStore store = RocksStore.open(dir, RocksStoreOptions.defaults())) {
      try (Transaction tx = store.begin()) {
        LargeValues.set(tx, keyspace.state("ns", "t", "id", "big"), large, false);
        tx.set(keyspace.state("ns", "t", "id", "small"), new byte[] {1});
        tx.set(keyspace.state("ns", "t", "id", "nul\0name"), new byte[] {2});
        tx.set(keyspace.state("ns", "t", "id", "中文"), new byte[] {3});
        tx.set(keyspace.state("ns", "t", "id2", "other"), new byte[] {4});
        tx.commitAsync().join();
      }
      byte[] prefix = keyspace.stateOf("ns", "t", "id");
      Map<String, byte[]> values;
      try (Transaction tx = store.begin()) {
        List<KeyValue> rows = tx.snapshot().getPrefix(prefix, 0);
        assertThat(rows).hasSizeGreaterThan(4); // the large value's parts are rows of their own
        values = keyspace.stateValues(prefix, rows);
      }
      assertThat(values).containsOnlyKeys("big", "small", "nul\0name", "中文");
      assertThat(values.get("big")).isEqualTo(large);
      assertThat(values.get("small")).containsExactly(1);
      assertThat(values.get("nul\0name")).containsExactly(2);
      assertThat(values.get("中文")).containsExactly(3);
    }
  }

  private static void assertReadBack(String s) {
    byte[] key = TuplePacker.pack(PREFIX, s, "next");
    int end = StringElements.skip(key, PREFIX.length);
    assertThat(end).as("end of %s", s).isEqualTo(TuplePacker.pack(PREFIX, s).length);
    assertThat(StringElements.decode(key, PREFIX.length, end))
        .isEqualTo(Tuple.fromBytes(key, PREFIX.length, key.length - PREFIX.length).getString(0));
    assertThat(StringElements.skip(key, end)).isEqualTo(key.length);
  }
}
