package io.eventide.store.rocksdb;

import io.eventide.store.Limits;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;

/**
 * The resolver's memory: the writes of recent commit groups, newest last, like FoundationDB's
 * resolver keeps recent write ranges. A transaction conflicts when a group newer than its read
 * version wrote into a range it read.
 *
 * <p>Pruning keeps memory bounded: a group is dropped once no live transaction reads below its
 * version, or once it is older than the transaction age limit (a transaction that still needed it
 * would be too old anyway). {@link #floorVersion} remembers the newest dropped group, and a
 * transaction reading below it is answered {@code TOO_OLD} rather than resolved against an
 * incomplete history.
 *
 * <h2>Thread safety</h2>
 *
 * Committer thread only.
 */
final class ConflictHistory {
  private final ArrayDeque<GroupWrites> groups = new ArrayDeque<>();
  private long floorVersion = Long.MIN_VALUE;

  /** Whether a transaction at {@code readVersion} is older than the retained history. */
  boolean tooOld(long readVersion) {
    return readVersion < floorVersion;
  }

  /** Whether a group committed after {@code readVersion} wrote into one of the read ranges. */
  boolean conflicts(long readVersion, List<byte[]> readRanges) {
    if (readRanges.isEmpty()) {
      return false;
    }
    Iterator<GroupWrites> newestFirst = groups.descendingIterator();
    while (newestFirst.hasNext()) {
      GroupWrites group = newestFirst.next();
      if (group.newestVersion <= readVersion) {
        return false;
      }
      if (group.intersectsAny(readRanges)) {
        return true;
      }
    }
    return false;
  }

  void append(GroupWrites group) {
    if (!group.isEmpty()) {
      groups.addLast(group);
    }
  }

  /** Drops groups no live transaction can need. */
  void prune(long oldestLiveReadVersion, long nowMillis) {
    long ageLimit = nowMillis - Limits.MAX_TRANSACTION_MILLIS - 1_000;
    while (!groups.isEmpty()) {
      GroupWrites oldest = groups.peekFirst();
      boolean unneeded = oldest.newestVersion <= oldestLiveReadVersion;
      if (!unneeded && oldest.committedAtMillis >= ageLimit) {
        return;
      }
      groups.removeFirst();
      floorVersion = Math.max(floorVersion, oldest.newestVersion);
    }
  }

  int size() {
    return groups.size();
  }
}
