package io.eventide.dispatcher.internal.query;

import io.eventide.store.KeyValue;
import io.eventide.store.ReadView;
import io.eventide.store.Transaction;
import io.eventide.store.keyspace.Keyspace;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * What retention keeps of log egresses, in the store: when records were written, and where each
 * egress was trimmed.
 *
 * <p>Outbox keys are versionstamps: they order records by commit but say nothing of the time, and
 * the embedded store's versions are a counter, not a clock. Rather than a time index written by
 * every batch commit, a mark is written now and then: the time it was taken with a read version
 * obtained just before, so every record of a commit up to that version was written before that
 * time. Records up to the version of the newest mark older than the retention are all older than
 * the retention, and go; a record so lives between the retention and the retention plus the time
 * between marks.
 *
 * <p>Trimming an egress is one range clear up to a commit, whatever the number of records, and it
 * records the egress's first offset not trimmed, so that a reader asking for less is told.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless.
 */
final class OutboxTrims {
  private final Keyspace keyspace;

  OutboxTrims(Keyspace keyspace) {
    this.keyspace = keyspace;
  }

  /** The first offset of {@code egress} not trimmed: 0 while nothing was. */
  long firstKept(ReadView view, String egress) {
    byte[] value = view.get(keyspace.outboxTrimmed(egress));
    return value == null ? 0 : ByteBuffer.wrap(value).getLong();
  }

  /**
   * Writes a mark of {@code tx}'s read version with the time read after it was obtained, and
   * forgets the marks older than the newest one taken more than {@code retentionMillis} ago;
   * returns that one's version (every record up to it is older than the retention), or -1 while
   * there is none.
   */
  long mark(Transaction tx, LongSupplier clock, long retentionMillis) {
    long version = tx.readVersion();
    long now = clock.getAsLong();
    tx.set(keyspace.outboxMark(now), ByteBuffer.allocate(8).putLong(version).array());
    List<KeyValue> due =
        tx.snapshot()
            .getRange(keyspace.outboxMarks(), keyspace.outboxMark(now - retentionMillis), 1, true);
    if (due.isEmpty()) {
      return -1;
    }
    byte[] newest = due.get(0).key();
    tx.clearRange(keyspace.outboxMarks(), newest);
    return ByteBuffer.wrap(due.get(0).value()).getLong();
  }

  /**
   * The first egress after {@code after} (null: from the first) that holds records, with the commit
   * version of its oldest record; null when there is none.
   */
  Head nextEgress(ReadView view, String after) {
    byte[] begin = after == null ? keyspace.outboxes() : Keyspace.end(keyspace.outbox(after));
    List<KeyValue> first = view.getRange(begin, Keyspace.end(keyspace.outboxes()), 1, false);
    if (first.isEmpty()) {
      return null;
    }
    var key = keyspace.unpack(first.get(0).key());
    return new Head(key.getString(1), EgressOffsets.offset(key.getVersionstamp(2)) >>> 16);
  }

  /**
   * Removes {@code egress}'s records of commits up to {@code version} in one range clear and moves
   * its first kept offset past them. The offset is read with a conflict, so two processes trimming
   * at once cannot leave the lower of theirs.
   */
  void trim(Transaction tx, String egress, long version) {
    long kept = (version + 1) << 16;
    byte[] outbox = keyspace.outbox(egress);
    tx.clearRange(outbox, EgressOffsets.commitStart(outbox, kept));
    long firstKept = Math.max(kept, firstKept(tx, egress));
    tx.set(keyspace.outboxTrimmed(egress), ByteBuffer.allocate(8).putLong(firstKept).array());
  }

  /** An egress that holds records, and the commit version of its oldest. */
  record Head(String egress, long oldestVersion) {}
}
