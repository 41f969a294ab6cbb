package io.eventide.store;

/**
 * An ordered, transactional key-value store with FoundationDB's semantics and limits: serializable
 * optimistic transactions, versionstamps, atomic adds, fences. Code that is correct against one
 * backend (embedded RocksDB, FoundationDB, remote) is correct against all of them; the
 * conformance suite in this module's tests holds every backend to that.
 *
 * <pre>{@code
 * try (Transaction tx = store.begin()) {
 *   tx.set(key, value);
 *   tx.commitAsync().join();
 * }
 * }</pre>
 *
 * <h2>Thread safety</h2>
 * Thread-safe; each {@link Transaction} belongs to one thread at a time.
 */
public interface Store extends AutoCloseable {
  /** Starts a transaction that reads the latest committed version. */
  Transaction begin();

  /** A short name of the backend, e.g. {@code rocksdb}. */
  String backend();

  /** Flushes and releases resources; pending commits complete or fail first. */
  @Override
  void close();
}
