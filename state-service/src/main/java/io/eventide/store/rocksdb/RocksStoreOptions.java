package io.eventide.store.rocksdb;

import java.util.function.LongSupplier;

/**
 * Tuning of the embedded store. {@link #defaults()} suits a single machine running the dispatcher.
 *
 * @param commitQueueCapacity commits waiting for the committer; when full, {@code commitAsync}
 *     fails fast with {@code UNAVAILABLE} (retryable) instead of blocking the caller
 * @param maxGroupCommits most transactions applied in one WriteBatch (≤ 65 535, the versionstamp's
 *     batch order field)
 * @param maxGroupBytes a group stops growing once its transactions wrote this many bytes
 * @param writeBufferBytes RocksDB memtable size
 * @param millisClock a monotonic millisecond clock, for the transaction age limit; tests inject a
 *     manual one
 */
public record RocksStoreOptions(
    int commitQueueCapacity,
    int maxGroupCommits,
    long maxGroupBytes,
    long writeBufferBytes,
    LongSupplier millisClock) {

  public RocksStoreOptions {
    if (commitQueueCapacity < 1) {
      throw new IllegalArgumentException(
          "commitQueueCapacity " + commitQueueCapacity + " must be ≥ 1");
    }
    if (maxGroupCommits < 1 || maxGroupCommits > 65_535) {
      throw new IllegalArgumentException(
          "maxGroupCommits " + maxGroupCommits + " must be in 1..65535");
    }
    if (maxGroupBytes < 1 || writeBufferBytes < 1) {
      throw new IllegalArgumentException("maxGroupBytes and writeBufferBytes must be positive");
    }
    if (millisClock == null) {
      throw new IllegalArgumentException("millisClock must not be null");
    }
  }

  public static RocksStoreOptions defaults() {
    return new RocksStoreOptions(
        8_192, 4_096, 64L << 20, 64L << 20, () -> System.nanoTime() / 1_000_000);
  }

  public RocksStoreOptions withMillisClock(LongSupplier clock) {
    return new RocksStoreOptions(
        commitQueueCapacity, maxGroupCommits, maxGroupBytes, writeBufferBytes, clock);
  }

  public RocksStoreOptions withCommitQueueCapacity(int capacity) {
    return new RocksStoreOptions(
        capacity, maxGroupCommits, maxGroupBytes, writeBufferBytes, millisClock);
  }

  public RocksStoreOptions withWriteBufferBytes(long bytes) {
    return new RocksStoreOptions(
        commitQueueCapacity, maxGroupCommits, maxGroupBytes, bytes, millisClock);
  }

  public RocksStoreOptions withMaxGroupCommits(int max) {
    return new RocksStoreOptions(
        commitQueueCapacity, max, maxGroupBytes, writeBufferBytes, millisClock);
  }
}
