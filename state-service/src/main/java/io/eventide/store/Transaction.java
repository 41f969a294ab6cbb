package io.eventide.store;

import java.util.concurrent.CompletableFuture;

/**
 * A serializable, optimistic transaction, as in FoundationDB: reads see one snapshot (the read
 * version) and record read conflicts; writes are buffered and applied all or nothing by {@link
 * #commitAsync}, which fails with {@link StoreException.Code#CONFLICT} when something this
 * transaction read was written by a commit after its read version.
 *
 * <p>Limits, on every backend: key ≤ {@value Limits#MAX_KEY_BYTES} bytes, value ≤ {@value
 * Limits#MAX_VALUE_BYTES} bytes, all writes ≤ {@value Limits#MAX_TRANSACTION_BYTES} bytes, and at
 * most {@value Limits#MAX_TRANSACTION_MILLIS} ms from begin to commit; exceeding one fails with
 * {@link StoreException.Code#TOO_LARGE} or {@link StoreException.Code#TOO_OLD}.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe.
 */
public interface Transaction extends ReadView, AutoCloseable {
  /** Reads that record no read conflict (FoundationDB's snapshot reads). */
  ReadView snapshot();

  /** The version this transaction reads at. */
  long readVersion();

  void set(byte[] key, byte[] value);

  void clear(byte[] key);

  /** Clears every key in {@code [begin, end)}. */
  void clearRange(byte[] begin, byte[] end);

  /** Adds {@code delta} to the little-endian 64-bit integer at {@code key} (absent = 0). */
  void add(byte[] key, long delta);

  /**
   * Writes {@code value} at {@code prefix + versionstamp + suffix}, where the versionstamp is
   * encoded as a tuple element (code {@code 0x33}, 10 bytes of commit versionstamp, 2 bytes of
   * {@code userVersion}) that the store fills in at commit. Keys so written sort in commit order,
   * then by user version, and are unique. {@code prefix} must be a packed tuple prefix.
   */
  void setVersionstampedKey(byte[] prefix, int userVersion, byte[] suffix, byte[] value);

  /**
   * A fence: the commit succeeds only if {@code key} still holds {@code expected} ({@code null}:
   * absent) when it is applied, and fails with {@link StoreException.Code#FENCED} otherwise.
   */
  void requireValue(byte[] key, byte[] expected);

  /** Marks {@code [begin, end)} as read, so a concurrent write to it makes this commit conflict. */
  void addReadConflictRange(byte[] begin, byte[] end);

  /**
   * Commits. The future fails with a {@link StoreException}; {@code CONFLICT} and {@code FENCED}
   * are retryable, the latter only after re-establishing whatever the fence guarded.
   */
  CompletableFuture<CommitResult> commitAsync();

  /** Bytes written so far, as counted against the transaction limit. */
  long approximateSize();

  /** Abandons the transaction if it was not committed. */
  @Override
  void close();
}
