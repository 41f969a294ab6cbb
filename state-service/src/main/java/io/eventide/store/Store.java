package io.eventide.store;

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

  /** A short name of the backend, e.g. {@code rocksdb}. */
  String backend();

  /** Flushes and releases resources; pending commits complete or fail first. */
  @Override
  void close();
}
