package io.eventide.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.apple.foundationdb.tuple.Tuple;
import io.eventide.store.keyspace.Keyspace;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The keyspace's kinds (state, inboxes, outboxes, and the rest) are one ordered key space, however
 * a backend stores them apart (the embedded store keeps inboxes and outboxes in column families of
 * their own): a read or a clear across kinds sees every key of the range in key order, with the
 * transaction's own writes. Part of {@link StoreConformanceSuite}.
 */
public abstract class KeyspaceKindsConformance extends ConsistencyConformance {
  private static final Keyspace KEYSPACE = new Keyspace("kinds");

  /** A key outside every cluster, which a clear of the cluster leaves. */
  private static final byte[] OUTSIDE = key("outside");

  @Test
  public void aRangeAcrossKindsReadsEveryKindInKeyOrder() {
    TreeMap<byte[], String> written = writeEveryKind();
    byte[] root = KEYSPACE.root();
    try (Transaction tx = store.begin()) {
      assertThat(printableKeys(tx.getRange(root, Keys.strinc(root), 0, false)))
          .containsExactlyElementsOf(printable(written.keySet()));
      List<String> reversed = new ArrayList<>(printable(written.descendingKeySet()));
      assertThat(printableKeys(tx.getRange(root, Keys.strinc(root), 3, true)))
          .containsExactlyElementsOf(reversed.subList(0, 3));
      assertThat(printableKeys(tx.getRange(new byte[] {0}, new byte[] {(byte) 0xFF}, 0, false)))
          .contains(Keys.printable(OUTSIDE))
          .containsAll(printable(written.keySet()));
    }
    reopen();
    try (Transaction tx = store.begin()) {
      assertThat(valuesOf(tx.getRange(root, Keys.strinc(root), 0, false)))
          .containsExactlyElementsOf(written.values());
    }
  }

  @Test
  public void aRangeAcrossKindsMergesTheTransactionsOwnWrites() {
    TreeMap<byte[], String> expected = writeEveryKind();
    byte[] newInbox = Keys.concat(KEYSPACE.inbox(3), Tuple.from(99L).pack());
    byte[] clearedOutbox = Keys.concat(KEYSPACE.outbox("e"), Tuple.from(1L).pack());
    byte[] root = KEYSPACE.root();
    try (Transaction tx = store.begin()) {
      tx.set(newInbox, bytes("new inbox"));
      tx.clear(clearedOutbox);
      expected.put(newInbox, "new inbox");
      expected.remove(clearedOutbox);
      assertThat(valuesOf(tx.getRange(root, Keys.strinc(root), 0, false)))
          .containsExactlyElementsOf(expected.values());
      List<String> reversed = new ArrayList<>(expected.descendingMap().values());
      assertThat(valuesOf(tx.getRange(root, Keys.strinc(root), 4, true)))
          .containsExactlyElementsOf(reversed.subList(0, 4));
    }
  }

  @Test
  public void manyRangesInDifferentKindsReadAtOnce() {
    TreeMap<byte[], String> written = writeEveryKind();
    byte[] inbox = KEYSPACE.inbox(3);
    byte[] state = KEYSPACE.stateOf("ns", "counter", "k1");
    byte[] outboxes = KEYSPACE.outboxes();
    byte[] root = KEYSPACE.root();
    List<byte[][]> ranges =
        List.of(
            new byte[][] {state, Keys.strinc(state)},
            new byte[][] {inbox, Keys.strinc(inbox)},
            new byte[][] {root, Keys.strinc(root)},
            new byte[][] {outboxes, Keys.strinc(outboxes)});
    try (Transaction tx = store.begin()) {
      List<List<KeyValue>> read = tx.getRanges(ranges, 0);
      for (int i = 0; i < ranges.size(); i++) {
        byte[][] range = ranges.get(i);
        assertThat(valuesOf(read.get(i)))
            .as("range %d", i)
            .containsExactlyElementsOf(written.subMap(range[0], range[1]).values());
      }
      assertThat(valuesOf(tx.getRanges(List.<byte[][]>of(ranges.get(2)), 0).get(0)))
          .as("the cluster alone")
          .containsExactlyElementsOf(written.values());
    }
  }

  @Test
  public void aClearAcrossKindsClearsEveryKindAndNothingElse() {
    writeEveryKind();
    byte[] root = KEYSPACE.root();
    try (Transaction tx = store.begin()) {
      tx.clearRange(root, Keys.strinc(root));
      assertThat(tx.getRange(root, Keys.strinc(root), 0, false)).isEmpty();
      commit(tx);
    }
    try (Transaction tx = store.begin()) {
      assertThat(tx.getRange(root, Keys.strinc(root), 0, false)).isEmpty();
      assertThat(tx.get(Keys.concat(KEYSPACE.inbox(3), Tuple.from(1L).pack()))).isNull();
      assertThat(string(tx.get(OUTSIDE))).isEqualTo("outside");
    }
  }

  /** Keys of every kind, written in one commit and in another; returns them by key. */
  private TreeMap<byte[], String> writeEveryKind() {
    TreeMap<byte[], String> keys = new TreeMap<>(Keys::compare);
    keys.put(KEYSPACE.state("ns", "counter", "k1", "count"), "state k1");
    keys.put(KEYSPACE.state("ns", "counter", "k2", "count"), "state k2");
    keys.put(KEYSPACE.inboxSignal(3, 0), "inbox signal");
    keys.put(KEYSPACE.outboxTrimmed("e"), "outbox trimmed");
    keys.put(KEYSPACE.outboxMark(17), "outbox mark");
    keys.put(KEYSPACE.watermark("source", 0), "watermark");
    for (long i = 1; i <= 3; i++) {
      keys.put(Keys.concat(KEYSPACE.inbox(3), Tuple.from(i).pack()), "inbox 3/" + i);
      keys.put(Keys.concat(KEYSPACE.inbox(7), Tuple.from(i).pack()), "inbox 7/" + i);
      keys.put(Keys.concat(KEYSPACE.outbox("e"), Tuple.from(i).pack()), "outbox e/" + i);
    }
    try (Transaction tx = store.begin()) {
      keys.forEach((key, value) -> tx.set(key, bytes(value)));
      tx.set(OUTSIDE, bytes("outside"));
      commit(tx);
    }
    return keys;
  }

  private static List<String> printable(Iterable<byte[]> keys) {
    List<String> out = new ArrayList<>();
    keys.forEach(k -> out.add(Keys.printable(k)));
    return out;
  }

  private static List<String> printableKeys(List<KeyValue> rows) {
    return rows.stream().map(kv -> Keys.printable(kv.key())).toList();
  }
}
