package io.eventide.store;

import java.util.List;

/** Reads of a {@link Transaction}, at its read version. */
public interface ReadView {
  /** The value at {@code key}, or {@code null}. */
  byte[] get(byte[] key);

  /**
   * The value at each of {@code keys}, or {@code null}, one per key in order: {@link #get} for
   * each, with the same read conflicts, which a remote backend answers in one round trip instead of
   * one per key (an ingest slice's idempotency keys, say).
   */
  default List<byte[]> getMany(List<byte[]> keys) {
    List<byte[]> values = new java.util.ArrayList<>(keys.size());
    for (byte[] key : keys) {
      values.add(get(key));
    }
    return values;
  }

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
    List<byte[][]> ranges = new java.util.ArrayList<>(prefixes.size());
    for (byte[] prefix : prefixes) {
      ranges.add(new byte[][] {prefix, Keys.strinc(prefix)});
    }
    return getRanges(ranges, 0);
  }

  /**
   * The keys of each range {@code {begin, end}}, ascending, at most {@code limit} of each ({@code
   * 0}: all), one list per range in order: {@link #getRange} for each, which a remote backend
   * answers in one round trip instead of one per range (a shard's inboxes, say).
   */
  default List<List<KeyValue>> getRanges(List<byte[][]> ranges, int limit) {
    List<List<KeyValue>> all = new java.util.ArrayList<>(ranges.size());
    for (byte[][] range : ranges) {
      all.add(getRange(range[0], range[1], limit, false));
    }
    return all;
  }
}
