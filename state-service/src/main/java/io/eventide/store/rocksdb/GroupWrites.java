package io.eventide.store.rocksdb;

import io.eventide.store.Keys;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What one commit group wrote: point keys and cleared ranges. Every commit of a group gets a
 * version above every read version that existed when the group formed, so one "newest version" per
 * group decides conflicts exactly.
 *
 * <h2>Thread safety</h2>
 *
 * Written by the committer thread only; read by it too.
 */
final class GroupWrites {
  // Kept unsorted and sorted on the first conflict check: most groups are never checked (only
  // transactions with read conflicts older than the group look), and a hot group writes tens of
  // thousands of keys, which a sorted set would pay for on every insert.
  private final ArrayList<byte[]> keys = new ArrayList<>();
  private boolean sorted = true;
  private final RangeSet clears = new RangeSet();
  long newestVersion;
  long committedAtMillis;

  void addKey(byte[] key) {
    keys.add(key);
    sorted = false;
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
    if (!sorted) {
      keys.sort(Keys::compare);
      sorted = true;
    }
    int at = Collections.binarySearch(keys, begin, Keys::compare);
    int ceiling = at >= 0 ? at : -at - 1;
    if (ceiling < keys.size() && Keys.compare(keys.get(ceiling), end) < 0) {
      return true;
    }
    return !clears.isEmpty() && clears.intersects(begin, end);
  }

  boolean isEmpty() {
    return keys.isEmpty() && clears.isEmpty();
  }
}
