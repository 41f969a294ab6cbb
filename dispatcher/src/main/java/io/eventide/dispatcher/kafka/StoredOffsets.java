package io.eventide.dispatcher.kafka;

import io.eventide.store.KeyValue;
import io.eventide.store.ReadView;
import io.eventide.store.Transaction;
import io.eventide.store.keyspace.Keyspace;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * The next offset to consume of each partition of a subscription, as the store holds it: written in
 * the transaction that appends the records before it, so the stored offset and the inboxes never
 * disagree.
 */
final class StoredOffsets {
  private StoredOffsets() {}

  static void write(
      Transaction tx, Keyspace keyspace, String subscription, int partition, long next) {
    tx.set(
        keyspace.kafkaOffset(subscription, partition),
        ByteBuffer.allocate(8).putLong(next).array());
  }

  /** The stored next offset of {@code partition}, or -1 when none is stored. */
  static long get(ReadView view, Keyspace keyspace, String subscription, int partition) {
    byte[] value = view.get(keyspace.kafkaOffset(subscription, partition));
    return value == null ? -1 : ByteBuffer.wrap(value).getLong();
  }

  /** The stored next offset of each partition that has one. */
  static Map<Integer, Long> read(ReadView view, Keyspace keyspace, String subscription) {
    Map<Integer, Long> offsets = new HashMap<>();
    for (KeyValue kv : view.getPrefix(keyspace.kafkaOffsets(subscription), 0)) {
      int partition = (int) keyspace.unpack(kv.key()).getLong(2);
      offsets.put(partition, ByteBuffer.wrap(kv.value()).getLong());
    }
    return offsets;
  }
}
