package io.eventide.dispatcher.internal.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.protocol.Address;
import io.eventide.protocol.InboxEntry;
import io.eventide.store.KeyValue;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stored inbox layout against the real RocksDB store: chunks, masks, and deleting them. */
class InboxChunksTest {
  private static final int GROUP = 3;

  @TempDir Path dir;
  private Store store;
  private final Keyspace keyspace = new Keyspace("test");
  private byte[] prefix;

  @BeforeEach
  void open() {
    store = Stores.rocksdb(dir);
    prefix = keyspace.inbox(GROUP);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void entriesStoredWithoutAnIdAreNamedByChunkAndSlot() {
    write(
        tx -> {
          InboxChunks.Writer writer = new InboxChunks.Writer(tx, keyspace::inbox);
          for (int i = 0; i < 70; i++) {
            writer.append(GROUP, entry("").toByteArray());
          }
          writer.flush();
        });
    List<InboxChunks.Stored> chunks = InboxChunks.chunks(prefix, rows(10), false).chunks();
    byte[] first = chunks.get(0).key();
    byte[] second = chunks.get(1).key();

    List<String> ids = new ArrayList<>();
    for (InboxChunks.Stored chunk : chunks) {
      for (int slot = 0; slot < chunk.entries().size(); slot++) {
        ids.add(InboxChunks.entryId(chunk.key(), slot));
      }
    }

    assertThat(ids)
        .hasSize(70)
        .doesNotHaveDuplicates()
        .allMatch(id -> id.matches("v[0-9a-f]{24}-[0-9]+"));
    // The same entry is named the same on every read: effects derive their ids from it.
    assertThat(InboxChunks.entryId(first.clone(), 63)).isEqualTo(ids.get(63));
    assertThat(ids.get(64)).isEqualTo(InboxChunks.entryId(second, 0)).isNotEqualTo(ids.get(0));
  }

  @Test
  void aWriterKeepsEachGroupsOrderAcrossChunks() {
    write(
        tx -> {
          int[] version = {0};
          InboxChunks.Writer writer =
              new InboxChunks.Writer(tx, keyspace::inbox, () -> version[0]++);
          for (int i = 0; i < 150; i++) {
            writer.append(GROUP, entry("m" + i).toByteArray());
            writer.append(GROUP + 1, entry("other" + i).toByteArray());
          }
          writer.flush();
        });

    InboxChunks.Page page = InboxChunks.chunks(prefix, rows(100), false);

    assertThat(page.chunks()).extracting(c -> c.entries().size()).containsExactly(64, 64, 22);
    List<String> ids = new ArrayList<>();
    page.chunks().forEach(c -> c.entries().forEach(e -> ids.add(e.getMessageId())));
    assertThat(ids).hasSize(150).startsWith("m0", "m1").endsWith("m148", "m149");
    assertThat(ids).isSortedAccordingTo((a, b) -> Integer.compare(number(a), number(b)));
  }

  @Test
  void aChunkConsumedInPartsIsMaskedThenDeletedByTheCommitThatCompletesIt() {
    appendChunk(64);
    Chunk chunk = loadOnly();

    long firstHalf = 0xFFFF_FFFFL;
    write(tx -> assertThat(chunk.consume(tx, firstHalf)).isFalse());
    chunk.committed(firstHalf, false);
    InboxChunks.Stored reread = InboxChunks.chunks(prefix, rows(10), false).chunks().get(0);
    assertThat(reread.consumed()).isEqualTo(firstHalf);
    assertThat(reread.consumed()).isNotEqualTo(InboxChunks.full(reread.entries().size()));

    long secondHalf = ~firstHalf; // bit 63 included: the mask is a signed add of disjoint bits
    write(tx -> assertThat(chunk.consume(tx, secondHalf)).isTrue());
    chunk.committed(secondHalf, true);

    assertThat(rows(10)).isEmpty();
    assertThat(chunk.leftover()).isFalse();
  }

  @Test
  void commitsInFlightTogetherLeaveTheChunkToALaterCommit() {
    appendChunk(3);
    Chunk chunk = loadOnly();

    // Both are built before either commits: neither may count the other's entries as consumed.
    Transaction a = store.begin();
    Transaction b = store.begin();
    assertThat(chunk.consume(a, 0b001)).isFalse();
    assertThat(chunk.consume(b, 0b110)).isFalse();
    a.commitAsync().join();
    b.commitAsync().join();
    a.close();
    b.close();
    chunk.committed(0b001, false);
    chunk.committed(0b110, false);

    assertThat(chunk.leftover()).isTrue();
    assertThat(InboxChunks.chunks(prefix, rows(10), false).chunks().get(0).consumed())
        .isEqualTo(0b111);
    write(chunk::delete);
    assertThat(rows(10)).isEmpty();
  }

  @Test
  void aReadCutAtItsLimitLeavesItsLastChunkForTheNextRead() {
    appendChunk(2);
    appendChunk(2);
    Chunk first = loadOnly();
    write(tx -> first.consume(tx, 0b01)); // the first chunk now has a mask row after it

    List<KeyValue> three = rows(3); // chunk, mask, second chunk: the second's mask could follow
    InboxChunks.Page page = InboxChunks.chunks(prefix, three, true);

    assertThat(page.chunks()).hasSize(1);
    assertThat(page.chunks().get(0).consumed()).isEqualTo(0b01);
    assertThat(page.resumeAfter()).isEqualTo(three.get(1).key());
  }

  @Test
  void aMaskWithoutItsChunkIsSkipped() {
    appendChunk(2);
    List<KeyValue> rows = rows(10);
    byte[] orphan = InboxChunks.maskKey(rows.get(0).key());
    write(
        tx -> {
          tx.clear(rows.get(0).key());
          tx.add(orphan, 1);
        });

    InboxChunks.Page page = InboxChunks.chunks(prefix, rows(10), false);

    assertThat(page.chunks()).isEmpty();
    assertThat(page.resumeAfter()).isEqualTo(orphan);
  }

  private void appendChunk(int entries) {
    write(
        tx -> {
          List<byte[]> list = new ArrayList<>();
          for (int i = 0; i < entries; i++) {
            list.add(entry("m" + i).toByteArray());
          }
          tx.setVersionstampedKey(prefix, 0, new byte[0], InboxChunks.encode(list));
        });
  }

  /** The first stored chunk, as a shard holds it in memory. */
  private Chunk loadOnly() {
    InboxChunks.Stored stored = InboxChunks.chunks(prefix, rows(10), false).chunks().get(0);
    return new Chunk(
        stored.key(), GROUP, stored.entries().size(), stored.consumed(), stored.large());
  }

  private List<KeyValue> rows(int limit) {
    try (Transaction tx = store.begin()) {
      return tx.snapshot().getRange(prefix, Keyspace.end(prefix), limit, false);
    }
  }

  private void write(Consumer<Transaction> body) {
    try (Transaction tx = store.begin()) {
      body.accept(tx);
      tx.commitAsync().join();
    }
  }

  private static InboxEntry entry(String id) {
    return InboxEntry.newBuilder()
        .setTarget(Address.newBuilder().setNamespace("n").setType("t").setId("k"))
        .setMessageId(id)
        .build();
  }

  private static int number(String id) {
    return Integer.parseInt(id.substring(1));
  }
}
