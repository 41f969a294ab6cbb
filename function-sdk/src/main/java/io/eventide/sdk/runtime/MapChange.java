package io.eventide.sdk.runtime;

import java.util.Arrays;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What handler calls did to one map ({@link io.eventide.sdk.MapSpec}): emptied it first if {@code
 * cleared}, then put these entries, in key order; a value of {@link HandlerScope#ABSENT} removes
 * its key. Immutable, so a snapshot handed out between calls stays true.
 */
public record MapChange(boolean cleared, SortedMap<byte[], byte[]> entries) {
  public MapChange {
    entries = Collections.unmodifiableSortedMap(entries);
  }

  /** An empty, writable map of entries ordered as the store orders keys: unsigned bytes. */
  static TreeMap<byte[], byte[]> newEntries() {
    return new TreeMap<>(Arrays::compareUnsigned);
  }

  /** This change followed by {@code later}. */
  MapChange then(boolean laterCleared, SortedMap<byte[], byte[]> later) {
    TreeMap<byte[], byte[]> all = newEntries();
    if (!laterCleared) {
      all.putAll(entries);
    }
    all.putAll(later);
    return new MapChange(cleared || laterCleared, all);
  }
}
