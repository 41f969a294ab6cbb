package io.eventide.store.rocksdb;

import io.eventide.store.Keys;
import java.util.List;
import java.util.TreeSet;

/**
 * What one commit group wrote: point keys and cleared ranges. Every commit of a group gets a
 * version above every read version that existed when the group formed, so one "newest version"
 * per group decides conflicts exactly.
 *
 * <h2>Thread safety</h2>
 * Written by the committer thread only; read by it too.
 */
final class GroupWrites {
  private final TreeSet<byte[]> keys = new TreeSet<>(Keys::compare);
  private final RangeSet clears = new RangeSet();
  long newestVersion;
  long committedAtMillis;

  void addKey(byte[] key) {
    keys.add(key);
  }

  void addClear(byte[] begin, byte[] end) {
    clears.add(begin, end);
  }

  /** Whether any write falls into one of {@code ranges} (flattened begin/end pairs). */
  boolean intersectsAny(List<byte[]> ranges) {
    for (int i = 0; i < ranges.size(); i += 2) {
      if (intersects(ranges.get(i), ranges.get(i + 1))) {
        return true;
      }
    }
    return false;
  }

  private boolean intersects(byte[] begin, byte[] end) {
    byte[] first = keys.ceiling(begin);
    if (first != null && Keys.compare(first, end) < 0) {
      return true;
    }
    return !clears.isEmpty() && clears.intersects(begin, end);
  }

  boolean isEmpty() {
    return keys.isEmpty() && clears.isEmpty();
  }
}
