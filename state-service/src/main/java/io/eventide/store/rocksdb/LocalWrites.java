package io.eventide.store.rocksdb;

import io.eventide.store.Keys;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A transaction's own writes as its reads must see them (read-your-writes): the latest local state
 * of each written key and the ranges it cleared.
 *
 * <h2>Thread safety</h2>
 *
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

  // Point writes go to a hash map; the sorted view that range reads and range clears need is
  // built only when one happens. A batch commit writes thousands of keys and reads none back.
  private final HashMap<ByteBuffer, Entry> points = new HashMap<>();
  private TreeMap<byte[], Entry> sorted; // null until a range operation needs it
  private final RangeSet cleared = new RangeSet();

  private void put(byte[] key, Entry entry) {
    points.put(ByteBuffer.wrap(key), entry);
    if (sorted != null) {
      sorted.put(key, entry);
    }
  }

  private TreeMap<byte[], Entry> sorted() {
    if (sorted == null) {
      sorted = new TreeMap<>(Keys::compare);
      points.forEach((key, entry) -> sorted.put(key.array(), entry));
    }
    return sorted;
  }

  void set(byte[] key, byte[] value) {
    put(key, new Entry(value, false, 0));
  }

  void clear(byte[] key) {
    put(key, Entry.CLEARED);
  }

  void clearRange(byte[] begin, byte[] end) {
    if (Keys.compare(begin, end) >= 0) {
      return;
    }
    NavigableMap<byte[], Entry> range = sorted().subMap(begin, true, end, false);
    range.keySet().forEach(key -> points.remove(ByteBuffer.wrap(key)));
    range.clear();
    cleared.add(begin, end);
  }

  void add(byte[] key, long delta) {
    Entry current = points.get(ByteBuffer.wrap(key));
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
    put(key, next);
  }

  /** The local entry of {@code key}, or null when the snapshot decides. */
  Entry entry(byte[] key) {
    if (points.isEmpty() && cleared.isEmpty()) {
      return null; // most reads come before any write: no wrapper, no hash over the key's bytes
    }
    Entry e = points.get(ByteBuffer.wrap(key));
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
    return points.isEmpty() && cleared.isEmpty();
  }

  Iterator<Map.Entry<byte[], Entry>> entries(byte[] begin, byte[] end, boolean reverse) {
    NavigableMap<byte[], Entry> range = sorted().subMap(begin, true, end, false);
    return (reverse ? range.descendingMap() : range).entrySet().iterator();
  }
}
