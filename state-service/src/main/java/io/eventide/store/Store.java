package io.eventide.store;

import java.util.ArrayList;
import java.util.List;

/**
 * An ordered, transactional key-value store with FoundationDB's semantics and limits: serializable
 * optimistic transactions, versionstamps, atomic adds, fences. Code that is correct against one
 * backend (embedded RocksDB, FoundationDB, remote) is correct against all of them; the conformance
 * suite in this module's tests holds every backend to that.
 *
 * <pre>{@code
 * try (Transaction tx = store.begin()) {
 *   tx.set(key, value);
 *   tx.commitAsync().join();
 * }
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe; each {@link Transaction} belongs to one thread at a time.
 */
public interface Store extends AutoCloseable {
  /** Starts a transaction that reads the latest committed version. */
  Transaction begin();

  /**
   * Starts a transaction that will most likely only write, as a batch's commit: the same as {@link
   * #begin}, except that a remote store opens its server session only at the first read or with the
   * commit, sparing the caller a blocking round trip.
   */
  default Transaction beginWrites() {
    return begin();
  }

  /**
   * Starts a transaction that may read nothing, as a processing round that finds no work: the same
   * as {@link #begin}, except that a remote store opens its server session with the first read
   * (which a ranges read does in the same round trip), or never. Its read version is then that of
   * the first read, not of this call.
   */
  default Transaction beginLazily() {
    return beginWrites();
  }

  /**
   * Reads {@code ranges} (each {@code {begin, end}}, at most {@code limit} keys each; 0: whole) in
   * one snapshot, in a transaction that does nothing else: the same as a {@link #beginLazily}
   * transaction's snapshot reads, except that a remote store answers in one call and keeps no
   * session to release after it. For periodic reads of what other processes wrote, whose two calls
   * per read (the read and the release) were most of what an idle cluster's store served.
   */
  default List<List<KeyValue>> readRanges(List<byte[][]> ranges, int limit) {
    try (Transaction tx = beginLazily()) {
      return tx.snapshot().getRanges(ranges, limit);
    }
  }

  /** {@link #readRanges} of every key of each of {@code prefixes}, one list per prefix in order. */
  default List<List<KeyValue>> readPrefixes(List<byte[]> prefixes) {
    List<byte[][]> ranges = new ArrayList<>(prefixes.size());
    for (byte[] prefix : prefixes) {
      ranges.add(new byte[][] {prefix, Keys.strinc(prefix)});
    }
    return readRanges(ranges, 0);
  }

  /** A short name of the backend, e.g. {@code rocksdb}. */
  String backend();

  /** Flushes and releases resources; pending commits complete or fail first. */
  @Override
  void close();
}
