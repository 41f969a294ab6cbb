package io.eventide.store;

import java.util.List;

/**
 * A transaction whose own (serializable) reads are those of one {@link ReadView}: the backends
 * whose reads and snapshot reads differ only in a flag implement their views once, and every read
 * method of the transaction goes to {@link #reads()} here. The remote and FoundationDB backends
 * implement it; the embedded one reads its own way.
 */
public interface ReadsThrough extends Transaction {
  /**
   * The view this transaction's reads go to; they add read conflicts, unlike {@link #snapshot}'s.
   */
  ReadView reads();

  @Override
  default byte[] get(byte[] key) {
    return reads().get(key);
  }

  @Override
  default List<byte[]> getMany(List<byte[]> keys) {
    return reads().getMany(keys);
  }

  @Override
  default List<KeyValue> getRange(byte[] begin, byte[] end, int limit, boolean reverse) {
    return reads().getRange(begin, end, limit, reverse);
  }

  @Override
  default List<List<KeyValue>> getPrefixes(List<byte[]> prefixes) {
    return reads().getPrefixes(prefixes);
  }

  @Override
  default List<List<KeyValue>> getRanges(List<byte[][]> ranges, int limit) {
    return reads().getRanges(ranges, limit);
  }
}
