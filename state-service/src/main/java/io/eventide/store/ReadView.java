package io.eventide.store;

import java.util.List;

/** Reads of a {@link Transaction}, at its read version. */
public interface ReadView {
  /** The value at {@code key}, or {@code null}. */
  byte[] get(byte[] key);

  /**
   * Keys in {@code [begin, end)} in key order ({@code reverse}: descending), at most {@code limit}
   * of them ({@code 0}: no limit).
   */
  List<KeyValue> getRange(byte[] begin, byte[] end, int limit, boolean reverse);

  /** Every key starting with {@code prefix}, ascending, at most {@code limit} ({@code 0}: all). */
  default List<KeyValue> getPrefix(byte[] prefix, int limit) {
    return getRange(prefix, Keys.strinc(prefix), limit, false);
  }

  /**
   * Every key of each prefix, one list per prefix in order: {@link #getPrefix} for each, which a
   * remote backend answers in one round trip instead of one per prefix.
   */
  default List<List<KeyValue>> getPrefixes(List<byte[]> prefixes) {
    List<List<KeyValue>> all = new java.util.ArrayList<>(prefixes.size());
    for (byte[] prefix : prefixes) {
      all.add(getPrefix(prefix, 0));
    }
    return all;
  }
}
