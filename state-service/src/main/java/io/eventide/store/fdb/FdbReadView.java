package io.eventide.store.fdb;

import com.apple.foundationdb.ReadTransaction;
import com.apple.foundationdb.StreamingMode;
import io.eventide.store.KeyValue;
import io.eventide.store.Keys;
import io.eventide.store.ReadView;
import io.eventide.store.StoreException;
import io.eventide.store.StoreException.Code;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Reads of an {@link FdbTransaction}: through the transaction itself (recording read conflicts), or
 * through its {@code snapshot()} (none). Both see the transaction's own writes, as FoundationDB
 * reads do; a limited range read conflicts only up to its last key.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe, like its transaction.
 */
final class FdbReadView implements ReadView {
  private final FdbStore store;
  private final ReadTransaction reader;
  private final Runnable requireOpen;

  /** Counts each read's conflict range ({@link AffectedBytes}); does nothing for snapshot reads. */
  private final LongConsumer conflicts;

  FdbReadView(
      FdbStore store, ReadTransaction reader, Runnable requireOpen, LongConsumer conflicts) {
    this.store = store;
    this.reader = reader;
    this.requireOpen = requireOpen;
    this.conflicts = conflicts;
  }

  @Override
  public byte[] get(byte[] key) {
    requireOpen.run();
    byte[] stored = store.toStored(key);
    conflicts.accept(AffectedBytes.keyRead(stored.length));
    return store.await(store.call(() -> reader.get(stored)));
  }

  @Override
  public List<KeyValue> getRange(byte[] begin, byte[] end, int limit, boolean reverse) {
    requireOpen.run();
    if (limit < 0) {
      throw new StoreException(Code.INVALID, "limit " + limit + " must be ≥ 0");
    }
    if (Keys.compare(begin, end) >= 0) {
      return List.of();
    }
    byte[] from = store.toStored(begin);
    byte[] to = store.toStored(end);
    // The whole range asked for: an upper bound of the conflict a limited read adds.
    conflicts.accept(AffectedBytes.rangeRead(from.length, to.length));
    // EXACT fetches just the rows asked for; without a limit, WANT_ALL fetches in the largest
    // batches.
    StreamingMode mode = limit == 0 ? StreamingMode.WANT_ALL : StreamingMode.EXACT;
    List<com.apple.foundationdb.KeyValue> rows =
        store.await(store.call(() -> reader.getRange(from, to, limit, reverse, mode).asList()));
    return rows.stream()
        .map(kv -> new KeyValue(store.fromStored(kv.getKey()), kv.getValue()))
        .toList();
  }
}
