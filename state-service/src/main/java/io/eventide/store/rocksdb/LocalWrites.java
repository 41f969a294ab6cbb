package io.eventide.store.rocksdb;

import io.eventide.store.Keys;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A transaction's own writes as its reads must see them (read-your-writes): the latest local state
 * of each written key and the ranges it cleared.
 *
 * <h2>Thread safety</h2>
 * Not thread-safe; owned by one transaction.
 */
final class LocalWrites {
  /** The local state of one key: a known value (null = cleared), or adds on an unknown value. */
  record Entry(byte[] value, boolean pendingAdd, long delta) {
    static final Entry CLEARED = new Entry(null, false, 0);

    /** The value given what the snapshot holds for this key. */
    byte[] resolve(byte[] snapshotValue) {
      return pendingAdd ? Bytes.addLittleEndian(snapshotValue, delta) : value;
    }
  }

  private final TreeMap<byte[], Entry> entries = new TreeMap<>(Keys::compare);
  private final RangeSet cleared = new RangeSet();

  void set(byte[] key, byte[] value) {
    entries.put(key, new Entry(value, false, 0));
  }

  void clear(byte[] key) {
    entries.put(key, Entry.CLEARED);
  }

  void clearRange(byte[] begin, byte[] end) {
    if (Keys.compare(begin, end) >= 0) {
      return;
    }
    entries.subMap(begin, true, end, false).clear();
    cleared.add(begin, end);
  }

  void add(byte[] key, long delta) {
    Entry current = entries.get(key);
    Entry next;
    if (current != null && current.pendingAdd) {
      next = new Entry(null, true, current.delta + delta);
    } else if (current != null) {
      next = new Entry(Bytes.addLittleEndian(current.value, delta), false, 0);
    } else if (cleared.contains(key)) {
      next = new Entry(Bytes.addLittleEndian(null, delta), false, 0);
    } else {
      next = new Entry(null, true, delta);
    }
    entries.put(key, next);
  }

  /** The local entry of {@code key}, or null when the snapshot decides. */
  Entry entry(byte[] key) {
    Entry e = entries.get(key);
    if (e == null && !cleared.isEmpty() && cleared.contains(key)) {
      return Entry.CLEARED;
    }
    return e;
  }

  /** Whether the snapshot's value of {@code key} is hidden by a local range clear. */
  boolean clearedByRange(byte[] key) {
    return !cleared.isEmpty() && cleared.contains(key);
  }

  boolean isEmpty() {
    return entries.isEmpty() && cleared.isEmpty();
  }

  Iterator<Map.Entry<byte[], Entry>> entries(byte[] begin, byte[] end, boolean reverse) {
    NavigableMap<byte[], Entry> range = entries.subMap(begin, true, end, false);
    return (reverse ? range.descendingMap() : range).entrySet().iterator();
  }
}
