package io.eventide.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reads, writes, ranges, atomic adds and versionstamps. Part of {@link StoreConformanceSuite}. */
public abstract class BasicOpsConformance extends StoreConformanceBase {

  @Test
  public void setGetClear() {
    write(key("a"), bytes("1"));
    assertThat(string(read(key("a")))).isEqualTo("1");
    assertThat(read(key("missing"))).isNull();

    try (Transaction tx = store.begin()) {
      tx.clear(key("a"));
      commit(tx);
    }
    assertThat(read(key("a"))).isNull();
  }

  @Test
  public void readsSeeTheTransactionsOwnWrites() {
    for (String k : List.of("r1", "r2", "r3", "r4")) {
      write(key(k), bytes("old-" + k));
    }
    try (Transaction tx = store.begin()) {
      tx.set(key("r1"), bytes("new"));
      tx.clear(key("r2"));
      tx.clearRange(key("r3"), key("r5"));
      tx.set(key("r4"), bytes("again"));
      tx.set(key("r0"), bytes("fresh"));

      assertThat(string(tx.get(key("r1")))).isEqualTo("new");
      assertThat(tx.get(key("r2"))).isNull();
      assertThat(tx.get(key("r3"))).isNull();
      assertThat(string(tx.snapshot().get(key("r4")))).isEqualTo("again");
      assertThat(keysOf(tx.getPrefix(key(), 0))).containsExactly("r0", "r1", "r4");
      assertThat(keysOf(tx.getRange(key("r0"), key("r9"), 2, true))).containsExactly("r4", "r1");
    }
    assertThat(string(read(key("r1"))))
        .isEqualTo("old-r1"); // closed without commit: nothing applied
  }

  @Test
  public void getPrefixesReadsEachPrefixWholeAsGetPrefixDoes() {
    byte[] large = new byte[90_000]; // 14 of them: one prefix over a remote reply's bound
    try (Transaction tx = store.begin()) {
      for (int p = 0; p < 3; p++) {
        for (int i = 0; i < 4; i++) {
          tx.set(key("multi", p, i), bytes("v" + p + i));
        }
      }
      for (int i = 0; i < 14; i++) {
        tx.set(key("large", i), large);
      }
      for (int i = 0; i < 600; i++) { // more prefixes than one remote call carries
        tx.set(key("many", i, "x"), bytes("m" + i));
      }
      commit(tx);
    }
    try (Transaction tx = store.begin()) {
      tx.set(key("multi", 1, 9), bytes("own"));
      tx.clear(key("multi", 2, 0));
      List<byte[]> prefixes =
          new ArrayList<>(
              List.of(
                  key("multi", 0), key("large"), key("multi", 1), key("none"), key("multi", 2)));
      for (int i = 0; i < 600; i++) {
        prefixes.add(key("many", i));
      }

      List<List<KeyValue>> read = tx.snapshot().getPrefixes(prefixes);

      assertThat(read).hasSize(prefixes.size());
      assertThat(valuesOf(read.get(0))).containsExactly("v00", "v01", "v02", "v03");
      assertThat(read.get(1)).hasSize(14).allSatisfy(kv -> assertThat(kv.value()).isEqualTo(large));
      assertThat(valuesOf(read.get(2))).containsExactly("v10", "v11", "v12", "v13", "own");
      assertThat(read.get(3)).isEmpty();
      assertThat(valuesOf(read.get(4))).containsExactly("v21", "v22", "v23");
      for (int i = 0; i < 600; i++) {
        assertThat(valuesOf(read.get(5 + i))).as("prefix many/%d", i).containsExactly("m" + i);
      }
      assertThat(valuesOf(tx.getPrefixes(List.of(key("multi", 1))).get(0)))
          .containsExactly("v10", "v11", "v12", "v13", "own");
    }
  }

  @Test
  public void getManyReadsEachKeyAsGetDoes() {
    byte[] large = new byte[90_000];
    try (Transaction tx = store.begin()) {
      for (int i = 0; i < 600; i++) { // more keys than one remote call carries
        tx.set(key("point", i), bytes("p" + i));
      }
      tx.set(key("point", "large"), large);
      tx.set(key("point", 7, "longer"), bytes("not point 7"));
      commit(tx);
    }
    try (Transaction tx = store.begin()) {
      tx.set(key("point", 1), bytes("own"));
      tx.clear(key("point", 2));
      tx.set(key("point", "new"), bytes("new"));
      List<byte[]> keys =
          new ArrayList<>(
              List.of(
                  key("point", 0),
                  key("point", 1),
                  key("point", 2),
                  key("point", "none"),
                  key("point", "new"),
                  key("point", "large"),
                  key("point", 0)));
      for (int i = 3; i < 600; i++) {
        keys.add(key("point", i));
      }

      List<byte[]> read = tx.getMany(keys);
      List<byte[]> snapshot = tx.snapshot().getMany(keys);

      assertThat(read).hasSize(keys.size());
      assertThat(string(read.get(0))).isEqualTo("p0");
      assertThat(string(read.get(1))).isEqualTo("own");
      assertThat(read.get(2)).isNull();
      assertThat(read.get(3)).isNull();
      assertThat(string(read.get(4))).isEqualTo("new");
      assertThat(read.get(5)).isEqualTo(large);
      assertThat(string(read.get(6))).as("a key asked twice").isEqualTo("p0");
      for (int i = 3; i < 600; i++) {
        assertThat(string(read.get(4 + i))).as("point/%d", i).isEqualTo("p" + i);
      }
      for (int i = 0; i < keys.size(); i++) {
        assertThat(snapshot.get(i)).as("snapshot read %d", i).isEqualTo(read.get(i));
      }
      assertThat(tx.getMany(List.of())).isEmpty();
    }
  }

  @Test
  public void getManyReadsValuesOfMoreBytesThanOneRemoteReplyCarries() {
    List<byte[]> keys = new ArrayList<>();
    for (int part = 0; part < 2; part++) { // a transaction stays under 10 MB
      try (Transaction tx = store.begin()) {
        for (int i = part * 20; i < part * 20 + 20; i++) {
          byte[] value = new byte[90_000];
          java.util.Arrays.fill(value, (byte) i);
          tx.set(key("big", i), value);
        }
        commit(tx);
      }
    }
    for (int i = 0; i < 40; i++) {
      keys.add(key("big", i));
      keys.add(key("big", i, "absent"));
    }

    try (Transaction tx = store.begin()) {
      List<byte[]> read = tx.getMany(keys);

      assertThat(read).as("3.6 MB, past a reply's 1 MiB").hasSize(80);
      for (int i = 0; i < 40; i++) {
        assertThat(read.get(2 * i)).as("big/%d", i).hasSize(90_000).containsOnly((byte) i);
        assertThat(read.get(2 * i + 1)).isNull();
      }
    }
  }

  @Test
  public void getRangesReadsEachRangeFromItsBeginUpToTheLimit() {
    try (Transaction tx = store.begin()) {
      for (int r = 0; r < 3; r++) {
        for (int i = 0; i < 5; i++) {
          tx.set(key("ranges", r, i), bytes("v" + r + i));
        }
      }
      commit(tx);
    }
    try (Transaction tx = store.begin()) {
      tx.set(key("ranges", 1, 0, "own"), bytes("own"));
      tx.clear(key("ranges", 2, 1));
      List<byte[][]> ranges =
          List.of(
              new byte[][] {key("ranges", 0, 2), key("ranges", 1)},
              new byte[][] {key("ranges", 1), key("ranges", 2)},
              new byte[][] {key("ranges", 2), key("ranges", 3)},
              new byte[][] {key("ranges", 3), key("ranges", 4)});

      List<List<KeyValue>> limited = tx.snapshot().getRanges(ranges, 3);
      List<List<KeyValue>> whole = tx.getRanges(ranges, 0);

      assertThat(limited).hasSize(4);
      assertThat(valuesOf(limited.get(0))).containsExactly("v02", "v03", "v04");
      assertThat(valuesOf(limited.get(1))).containsExactly("v10", "own", "v11");
      assertThat(valuesOf(limited.get(2))).containsExactly("v20", "v22", "v23");
      assertThat(limited.get(3)).isEmpty();
      assertThat(valuesOf(whole.get(1))).containsExactly("v10", "own", "v11", "v12", "v13", "v14");
    }
  }

  @Test
  public void addIsVisibleToLaterReadsOfTheSameTransaction() {
    try (Transaction tx = store.begin()) {
      tx.add(key("n"), 40);
      commit(tx);
    }
    try (Transaction tx = store.begin()) {
      tx.add(key("n"), 2);
      assertThat(littleEndian(tx.get(key("n")))).isEqualTo(42);
      tx.set(key("m"), Tuple.from().pack());
      tx.clearRange(key("m"), key("m", 0));
      tx.add(key("m"), 7);
      assertThat(littleEndian(tx.get(key("m")))).isEqualTo(7);
    }
  }

  @Test
  public void rangeReadsHonourBoundsLimitsAndDirection() {
    try (Transaction tx = store.begin()) {
      for (int i = 0; i < 10; i++) {
        tx.set(key("range", i), bytes("v" + i));
      }
      tx.set(key("rangf"), bytes("outside"));
      commit(tx);
    }
    try (Transaction tx = store.begin()) {
      assertThat(valuesOf(tx.getRange(key("range", 3), key("range", 7), 0, false)))
          .containsExactly("v3", "v4", "v5", "v6");
      assertThat(valuesOf(tx.getRange(key("range", 3), key("range", 7), 2, false)))
          .containsExactly("v3", "v4");
      assertThat(valuesOf(tx.getRange(key("range", 3), key("range", 7), 2, true)))
          .containsExactly("v6", "v5");
      assertThat(tx.getPrefix(key("range"), 0)).hasSize(10);
      assertThat(tx.getRange(key("range", 7), key("range", 3), 0, false)).isEmpty();
    }
  }

  @Test
  public void clearRangeRemovesExactlyTheHalfOpenRange() {
    try (Transaction tx = store.begin()) {
      for (int i = 0; i < 6; i++) {
        tx.set(key("c", i), bytes("v" + i));
      }
      commit(tx);
    }
    try (Transaction tx = store.begin()) {
      tx.clearRange(key("c", 2), key("c", 5));
      commit(tx);
    }
    try (Transaction tx = store.begin()) {
      assertThat(valuesOf(tx.getPrefix(key("c"), 0))).containsExactly("v0", "v1", "v5");
    }
  }

  @Test
  public void atomicAddIsLittleEndianAndStartsAtZero() {
    for (long delta : new long[] {5, -2, 1L << 40}) {
      try (Transaction tx = store.begin()) {
        tx.add(key("sum"), delta);
        commit(tx);
      }
    }
    byte[] value = read(key("sum"));
    assertThat(littleEndian(value)).isEqualTo(3 + (1L << 40));
    assertThat(value[0]).isEqualTo((byte) 3);
  }

  @Test
  public void versionstampedKeysSortInCommitOrderThenUserVersion() {
    byte[] prefix = key("queue");
    List<CommitResult> results = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      try (Transaction tx = store.begin()) {
        tx.setVersionstampedKey(prefix, 1, Tuple.from("b").pack(), bytes(i + "/1"));
        tx.setVersionstampedKey(prefix, 0, Tuple.from("a").pack(), bytes(i + "/0"));
        results.add(commit(tx));
      }
    }
    // Each commit began after the previous one completed, so even FoundationDB, whose concurrent
    // commits may share a version, gives it a greater one.
    assertThat(results.get(0).version()).isLessThan(results.get(1).version());
    assertThat(results.get(1).version()).isLessThan(results.get(2).version());
    assertThat(results)
        .extracting(CommitResult::versionstamp)
        .isSortedAccordingTo(Versionstamps.COMMIT_ORDER);
    try (Transaction tx = store.begin()) {
      List<KeyValue> entries = tx.getPrefix(prefix, 0);
      assertThat(valuesOf(entries)).containsExactly("0/0", "0/1", "1/0", "1/1", "2/0", "2/1");
      Tuple first = Tuple.fromBytes(entries.get(0).key());
      Versionstamp stamp = first.getVersionstamp(2);
      assertThat(stamp).isEqualTo(Versionstamp.complete(results.get(0).versionstamp(), 0));
      assertThat(first.getString(3)).isEqualTo("a");
      assertThat(Tuple.fromBytes(entries.get(5).key()).getVersionstamp(2))
          .isEqualTo(Versionstamp.complete(results.get(2).versionstamp(), 1));
    }
  }

  protected static List<String> keysOf(List<KeyValue> entries) {
    return entries.stream().map(e -> String.valueOf(Tuple.fromBytes(e.key()).get(1))).toList();
  }

  protected static List<String> valuesOf(List<KeyValue> entries) {
    return entries.stream().map(e -> string(e.value())).toList();
  }
}
