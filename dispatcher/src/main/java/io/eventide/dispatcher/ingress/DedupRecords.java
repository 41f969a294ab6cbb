package io.eventide.dispatcher.ingress;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eventide.protocol.DedupRecord;
import io.eventide.store.KeyValue;
import io.eventide.store.ReadView;
import io.eventide.store.Transaction;
import io.eventide.store.keyspace.Keyspace;
import java.util.List;

/**
 * Idempotency keys: the record of what a key produced, and an index by creation time so that
 * records expire after the retention instead of growing the store without bound (as Restate
 * keeps idempotency keys for a retention period). A key reused after its record expired is new.
 *
 * <h2>Thread safety</h2>
 * Stateless.
 */
public final class DedupRecords {
  private final Keyspace keyspace;

  public DedupRecords(Keyspace keyspace) {
    this.keyspace = keyspace;
  }

  /**
   * Claims {@code key} for {@code messageId} in {@code tx}: the earlier record if the key was
   * seen, else null after writing the record and its expiry index entry.
   */
  DedupRecord claim(Transaction tx, String key, String messageId, long now) {
    DedupRecord earlier = read(tx, key);
    if (earlier != null) {
      return earlier;
    }
    tx.set(keyspace.dedup(key), DedupRecord.newBuilder()
        .setMessageId(messageId).setCreatedAt(now).build().toByteArray());
    tx.set(keyspace.dedupExpiry(now, key), new byte[0]);
    return null;
  }

  /** The record of {@code key}, or null. */
  DedupRecord read(ReadView view, String key) {
    byte[] bytes = view.get(keyspace.dedup(key));
    return bytes == null ? null : parse(bytes);
  }

  /**
   * Removes up to {@code limit} records created before {@code cutoff}, with their index entries;
   * returns how many it removed.
   */
  public int expire(Transaction tx, long cutoff, int limit) {
    List<KeyValue> due = tx.snapshot().getRange(
        keyspace.dedupExpiries(), keyspace.dedupExpiriesFrom(cutoff), limit, false);
    for (KeyValue entry : due) {
      tx.clear(entry.key());
      tx.clear(keyspace.dedup(keyspace.unpack(entry.key()).getString(2)));
    }
    return due.size();
  }

  static DedupRecord parse(byte[] bytes) {
    try {
      return DedupRecord.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt dedup record", e);
    }
  }
}
