package io.eventide.store.rocksdb;

import io.eventide.store.Keys;
import java.util.Map;
import java.util.TreeMap;

/**
 * A set of half-open byte-key ranges {@code [begin, end)}, kept merged so that lookups are one
 * {@code floorEntry}. Used for cleared ranges (a transaction's own, a commit group's) and for
 * conflict checks.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe.
 */
final class RangeSet {
  private final TreeMap<byte[], byte[]> ranges = new TreeMap<>(Keys::compare);

  void add(byte[] begin, byte[] end) {
    if (Keys.compare(begin, end) >= 0) {
      return;
    }
    byte[] newBegin = begin;
    byte[] newEnd = end;
    Map.Entry<byte[], byte[]> before = ranges.floorEntry(begin);
    if (before != null && Keys.compare(before.getValue(), begin) >= 0) {
      newBegin = before.getKey();
      newEnd = max(newEnd, before.getValue());
    }
    // Swallow every range starting inside the new one.
    Map.Entry<byte[], byte[]> next = ranges.ceilingEntry(newBegin);
    while (next != null && Keys.compare(next.getKey(), newEnd) <= 0) {
      newEnd = max(newEnd, next.getValue());
      ranges.remove(next.getKey());
      next = ranges.ceilingEntry(newBegin);
    }
    ranges.put(newBegin, newEnd);
  }

  boolean contains(byte[] key) {
    Map.Entry<byte[], byte[]> e = ranges.floorEntry(key);
    return e != null && Keys.compare(key, e.getValue()) < 0;
  }

  /** Whether some range overlaps {@code [begin, end)}. */
  boolean intersects(byte[] begin, byte[] end) {
    Map.Entry<byte[], byte[]> e = ranges.floorEntry(begin);
    if (e != null && Keys.compare(begin, e.getValue()) < 0) {
      return true;
    }
    byte[] after = ranges.higherKey(begin);
    return after != null && Keys.compare(after, end) < 0;
  }

  boolean isEmpty() {
    return ranges.isEmpty();
  }

  private static byte[] max(byte[] a, byte[] b) {
    return Keys.compare(a, b) >= 0 ? a : b;
  }
}
