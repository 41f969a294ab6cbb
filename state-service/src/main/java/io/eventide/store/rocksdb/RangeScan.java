package io.eventide.store.rocksdb;

import io.eventide.store.KeyValue;
import io.eventide.store.Keys;
import io.eventide.store.StoreException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;

/**
 * One range read: the snapshot's keys in {@code [begin, end)} merged with the transaction's own
 * writes, in either direction, up to a limit. Iterator bounds are set on the RocksDB read options
 * so that the iterator never walks tombstones outside the range (queues leave many behind).
 */
final class RangeScan {
  private RangeScan() {}

  static List<KeyValue> scan(
      RocksDB db,
      ColumnFamilyHandle cf,
      Snapshot snapshot,
      LocalWrites local,
      byte[] begin,
      byte[] end,
      int limit,
      boolean reverse) {
    List<KeyValue> out = new ArrayList<>();
    if (Keys.compare(begin, end) >= 0) {
      return out;
    }
    try (Slice lower = new Slice(begin);
        Slice upper = new Slice(end);
        ReadOptions options =
            new ReadOptions()
                .setSnapshot(snapshot)
                .setIterateLowerBound(lower)
                .setIterateUpperBound(upper);
        RocksIterator it = db.newIterator(cf, options)) {
      if (reverse) {
        it.seekToLast();
      } else {
        it.seekToFirst();
      }
      merge(it, local, local.entries(begin, end, reverse), limit, reverse, out);
      it.status();
    } catch (RocksDBException e) {
      throw new StoreException(StoreException.Code.IO, "range read failed: " + e.getMessage(), e);
    }
    return out;
  }

  private static void merge(
      RocksIterator it,
      LocalWrites local,
      Iterator<Map.Entry<byte[], LocalWrites.Entry>> locals,
      int limit,
      boolean reverse,
      List<KeyValue> out) {
    Map.Entry<byte[], LocalWrites.Entry> nextLocal = locals.hasNext() ? locals.next() : null;
    byte[] dbKey = it.isValid() ? it.key() : null;
    while (limit == 0 || out.size() < limit) {
      if (dbKey == null && nextLocal == null) {
        return;
      }
      // order < 0: the snapshot's key comes next; > 0: the local one; 0: the same key.
      int order;
      if (dbKey == null || nextLocal == null) {
        order = dbKey == null ? 1 : -1;
      } else {
        order = Keys.compare(dbKey, nextLocal.getKey()) * (reverse ? -1 : 1);
      }
      if (order < 0) {
        if (!local.clearedByRange(dbKey)) {
          out.add(new KeyValue(dbKey, it.value()));
        }
      } else {
        byte[] snapshotValue = order == 0 && !local.clearedByRange(dbKey) ? it.value() : null;
        byte[] value = nextLocal.getValue().resolve(snapshotValue);
        if (value != null) {
          out.add(new KeyValue(nextLocal.getKey(), value));
        }
        nextLocal = locals.hasNext() ? locals.next() : null;
      }
      if (order <= 0) {
        step(it, reverse);
        dbKey = it.isValid() ? it.key() : null;
      }
    }
  }

  private static void step(RocksIterator it, boolean reverse) {
    if (reverse) {
      it.prev();
    } else {
      it.next();
    }
  }
}
