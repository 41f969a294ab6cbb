package io.eventide.store.keyspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import io.eventide.store.KeyValue;
import io.eventide.store.Keys;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.Versionstamps;
import io.eventide.store.backends.Stores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queue offsets where commits share a commit version, as FoundationDB's commits of one batch do.
 * The keys are written as FoundationDB would stamp them (complete versionstamps, set directly), so
 * this runs on the embedded store.
 */
class QueueOffsetsTest {
  private static final byte[] QUEUE = Tuple.from("outbox", "out").pack();

  @TempDir Path dir;

  @Test
  void commitsOfOneBatchGetDistinctIncreasingOffsets() {
    // Two transactions of batch 100 and one of batch 101, each writing user versions 0 and 1.
    List<Versionstamp> stamps =
        List.of(
            stamp(100, 0, 0),
            stamp(100, 0, 1),
            stamp(100, 1, 0),
            stamp(100, 1, 1),
            stamp(101, 0, 0));
    QueueOffsets offsets = new QueueOffsets();

    List<Long> numbered = stamps.stream().map(offsets::next).toList();

    assertThat(numbered)
        .containsExactly(100L << 16, 100L << 16 | 1, 100L << 16 | 2, 100L << 16 | 3, 101L << 16);
  }

  @Test
  void aReaderResumingAfterAnyRecordReadsExactlyTheRecordsAfterIt() {
    List<Versionstamp> written = new ArrayList<>();
    for (int batchOrder = 0; batchOrder < 3; batchOrder++) {
      for (int user : new int[] {0, 4, 9}) { // user versions are sparse: inboxes take some
        written.add(stamp(7, batchOrder, user));
      }
    }
    written.add(stamp(8, 2, 3));
    try (Store store = Stores.rocksdb(dir)) {
      try (Transaction tx = store.begin()) {
        for (Versionstamp stamp : written) {
          tx.set(key(stamp), Tuple.from(stamp).pack());
          tx.set(Keys.concat(key(stamp), Tuple.from(0).pack()), new byte[1]); // a part: no record
        }
        tx.commitAsync().join();
      }
      List<Long> all = read(store, 0).stream().map(Record::offset).toList();
      assertThat(all).hasSize(written.size()).doesNotHaveDuplicates().isSorted();
      assertThat(read(store, 0)).extracting(Record::stamp).containsExactlyElementsOf(written);

      for (int i = 0; i < all.size(); i++) {
        List<Versionstamp> after = read(store, all.get(i) + 1).stream().map(Record::stamp).toList();
        assertThat(after)
            .as("after record %d", i)
            .isEqualTo(written.subList(i + 1, written.size()));
      }
    }
  }

  @Test
  void startAndOrdinalOfAnOffset() {
    long offset = QueueOffsets.offset(42, 3);

    assertThat(QueueOffsets.version(offset)).isEqualTo(42);
    assertThat(QueueOffsets.ordinal(offset)).isEqualTo(3);
    assertThat(QueueOffsets.commitStart(QUEUE, offset))
        .isEqualTo(
            Keys.concat(
                QUEUE, Tuple.from(Versionstamp.complete(Versionstamps.of(42, 0), 0)).pack()));
    assertThat(QueueOffsets.commitStart(QUEUE, 0)).isEqualTo(QUEUE);
  }

  @Test
  void refusesWhatAnOffsetCannotHold() {
    QueueOffsets full = new QueueOffsets();
    for (int i = 0; i < QueueOffsets.MAX_PER_VERSION; i++) {
      full.next(stamp(5, i / 1000, i % 1000));
    }
    assertThatThrownBy(() -> full.next(stamp(5, 999, 0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("more than 65536 records of one queue in commit version 5");
    assertThat(full.next(stamp(6, 0, 0))).isEqualTo(6L << 16);

    assertThatThrownBy(() -> new QueueOffsets().next(stamp(QueueOffsets.MAX_VERSION, 0, 0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not fit");
    QueueOffsets ordered = new QueueOffsets();
    ordered.next(stamp(9, 0, 0));
    assertThatThrownBy(() -> ordered.next(stamp(8, 0, 0)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private record Record(long offset, Versionstamp stamp) {}

  /** Reads as the egress readers do: from the start of the offset's commit version, skipping. */
  private static List<Record> read(Store store, long from) {
    try (Transaction tx = store.begin()) {
      List<KeyValue> rows =
          tx.getRange(QueueOffsets.commitStart(QUEUE, from), Keys.strinc(QUEUE), 0, false);
      QueueOffsets offsets = new QueueOffsets();
      List<Record> records = new ArrayList<>();
      for (KeyValue kv : rows) {
        if (kv.key().length != QUEUE.length + 13) {
          continue;
        }
        Versionstamp stamp = Tuple.fromBytes(kv.key()).getVersionstamp(2);
        long offset = offsets.next(stamp);
        if (offset >= from) {
          records.add(new Record(offset, stamp));
        }
      }
      return records;
    }
  }

  private static byte[] key(Versionstamp stamp) {
    return Keys.concat(QUEUE, Tuple.from(stamp).pack());
  }

  private static Versionstamp stamp(long version, int batchOrder, int userVersion) {
    return Versionstamp.complete(Versionstamps.of(version, batchOrder), userVersion);
  }
}
