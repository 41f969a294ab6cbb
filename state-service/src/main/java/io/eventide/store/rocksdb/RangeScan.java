package io.eventide.store.rocksdb;

import io.eventide.store.KeyValue;
import io.eventide.store.Keys;
import io.eventide.store.StoreException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
 * Range reads: the snapshot's keys in {@code [begin, end)} merged with the transaction's own
 * writes, in either direction, up to a limit. Iterator bounds are set on the RocksDB read options
 * so that the iterator never walks tombstones outside the range (queues leave many behind).
 *
 * <p>Many ranges at once ({@link #scanAll}) share one iterator, sought to each range in key order:
 * a new iterator with its bounds and snapshot costs 15-36 µs at a million keys, a seek of a live
 * one 3-5 µs (benchmarks/README.md), and a shard loads the state of thousands of uncached addresses
 * per batch. See docs/decisions/state-read-path.md.
 */
final class RangeScan {
  private RangeScan() {}

  static List<KeyValue> scan(
      RocksResources rocks,
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
    try (Bounded bounded = new Bounded(rocks, snapshot, begin, end)) {
      Cursor it = bounded.cursor;
      if (reverse) {
        it.seekToLast();
      } else {
        it.seekToFirst();
      }
      merge(it, local, local.entries(begin, end, reverse), limit, reverse, null, out);
      it.status();
    } catch (RocksDBException e) {
      throw new StoreException(StoreException.Code.IO, "range read failed: " + e.getMessage(), e);
    }
    return out;
  }

  /**
   * Every range {@code {begin, end}} of {@code ranges}, forward, at most {@code limit} keys each
   * ({@code 0}: all), one list per range in their order: {@link #scan} of each, with one iterator
   * bounded by the lowest begin and the highest end and sought to each range in key order.
   */
  static List<List<KeyValue>> scanAll(
      RocksResources rocks,
      Snapshot snapshot,
      LocalWrites local,
      List<byte[][]> ranges,
      int limit) {
    int family = ranges.isEmpty() ? KeyFamilies.DATA : familyOf(ranges.get(0));
    for (byte[][] range : ranges) {
      if (familyOf(range) != family || family == KeyFamilies.MIXED) {
        return scanEach(rocks, snapshot, local, ranges, limit);
      }
    }
    return scanAll(rocks.db, rocks.family(family), snapshot, local, ranges, limit);
  }

  /**
   * {@link #scanAll} of ranges in different families: the ranges of each family together, and each
   * range that spans families on its own.
   */
  private static List<List<KeyValue>> scanEach(
      RocksResources rocks,
      Snapshot snapshot,
      LocalWrites local,
      List<byte[][]> ranges,
      int limit) {
    List<List<KeyValue>> all = new ArrayList<>(Collections.nCopies(ranges.size(), List.of()));
    for (int family = 0; family < KeyFamilies.NAMES.size(); family++) {
      List<Integer> indexes = new ArrayList<>();
      for (int i = 0; i < ranges.size(); i++) {
        if (familyOf(ranges.get(i)) == family) {
          indexes.add(i);
        }
      }
      List<byte[][]> mine = indexes.stream().map(ranges::get).toList();
      List<List<KeyValue>> read =
          scanAll(rocks.db, rocks.family(family), snapshot, local, mine, limit);
      for (int j = 0; j < indexes.size(); j++) {
        all.set(indexes.get(j), read.get(j));
      }
    }
    for (int i = 0; i < ranges.size(); i++) {
      byte[][] range = ranges.get(i);
      if (familyOf(range) == KeyFamilies.MIXED) {
        all.set(i, scan(rocks, snapshot, local, range[0], range[1], limit, false));
      }
    }
    return all;
  }

  private static int familyOf(byte[][] range) {
    return KeyFamilies.ofRange(range[0], range[1]);
  }

  private static List<List<KeyValue>> scanAll(
      RocksDB db,
      ColumnFamilyHandle cf,
      Snapshot snapshot,
      LocalWrites local,
      List<byte[][]> ranges,
      int limit) {
    Integer[] order = new Integer[ranges.size()];
    byte[] lowest = null;
    byte[] highest = null;
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
      byte[][] range = ranges.get(i);
      if (Keys.compare(range[0], range[1]) < 0) {
        lowest = lowest == null || Keys.compare(range[0], lowest) < 0 ? range[0] : lowest;
        highest = highest == null || Keys.compare(range[1], highest) > 0 ? range[1] : highest;
      }
    }
    List<List<KeyValue>> all = new ArrayList<>(Collections.nCopies(order.length, List.of()));
    if (lowest == null) {
      return all; // every range empty
    }
    // Forward seeks in key order move a live iterator on through blocks it mostly has already.
    Arrays.sort(order, (a, b) -> Keys.compare(ranges.get(a)[0], ranges.get(b)[0]));
    try (Bounded bounded = new Bounded(db, cf, snapshot, lowest, highest)) {
      Cursor it = bounded.cursor;
      for (int i : order) {
        byte[] begin = ranges.get(i)[0];
        byte[] end = ranges.get(i)[1];
        if (Keys.compare(begin, end) >= 0) {
          continue;
        }
        List<KeyValue> out = new ArrayList<>();
        it.seek(begin);
        merge(it, local, local.entries(begin, end, false), limit, false, end, out);
        all.set(i, out);
      }
      it.status();
    } catch (RocksDBException e) {
      throw new StoreException(StoreException.Code.IO, "range read failed: " + e.getMessage(), e);
    }
    return all;
  }

  /**
   * Merges the iterator's keys with the local ones into {@code out}; {@code end}, when not null,
   * stops a forward iterator that is not bounded by it.
   */
  private static void merge(
      Cursor it,
      LocalWrites local,
      Iterator<Map.Entry<byte[], LocalWrites.Entry>> locals,
      int limit,
      boolean reverse,
      byte[] end,
      List<KeyValue> out) {
    Map.Entry<byte[], LocalWrites.Entry> nextLocal = locals.hasNext() ? locals.next() : null;
    byte[] dbKey = keyBefore(it, end);
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
        dbKey = keyBefore(it, end);
      }
    }
  }

  /** The iterator's key, or null past its end or at or past {@code end} (when not null). */
  private static byte[] keyBefore(Cursor it, byte[] end) {
    if (!it.isValid()) {
      return null;
    }
    byte[] key = it.key();
    return end == null || Keys.compare(key, end) < 0 ? key : null;
  }

  private static void step(Cursor it, boolean reverse) {
    if (reverse) {
      it.prev();
    } else {
      it.next();
    }
  }

  /**
   * The snapshot's keys bounded to {@code [lower, upper)}, with their native options: one family's
   * iterator, or, for a range that spans families, one per family merged.
   */
  private static final class Bounded implements AutoCloseable {
    private final Slice lower;
    private final Slice upper;
    private final ReadOptions options;
    private final List<RocksIterator> iterators = new ArrayList<>();
    final Cursor cursor;

    Bounded(RocksDB db, ColumnFamilyHandle cf, Snapshot snapshot, byte[] lower, byte[] upper) {
      this.lower = new Slice(lower);
      this.upper = new Slice(upper);
      this.options = options(snapshot);
      iterators.add(db.newIterator(cf, options));
      this.cursor = new Cursor.Single(iterators.get(0));
    }

    Bounded(RocksResources rocks, Snapshot snapshot, byte[] lower, byte[] upper) {
      this.lower = new Slice(lower);
      this.upper = new Slice(upper);
      this.options = options(snapshot);
      int family = KeyFamilies.ofRange(lower, upper);
      if (family != KeyFamilies.MIXED) {
        iterators.add(rocks.db.newIterator(rocks.family(family), options));
        this.cursor = new Cursor.Single(iterators.get(0));
      } else {
        for (int f = 0; f < KeyFamilies.NAMES.size(); f++) {
          iterators.add(rocks.db.newIterator(rocks.family(f), options));
        }
        this.cursor = new Cursor.Merged(iterators);
      }
    }

    private ReadOptions options(Snapshot snapshot) {
      return new ReadOptions()
          .setSnapshot(snapshot)
          .setIterateLowerBound(lower)
          .setIterateUpperBound(upper);
    }

    @Override
    public void close() {
      iterators.forEach(RocksIterator::close);
      options.close();
      upper.close();
      lower.close();
    }
  }
}
