package io.eventide.store.fdb;

import io.eventide.store.Limits;
import io.eventide.store.StoreException;
import io.eventide.store.StoreException.Code;

/**
 * A transaction's size as FoundationDB counts it against its 10,000,000-byte limit ("Known
 * Limitations": keys, values and ranges written, and keys and ranges read, but not values read;
 * conflict ranges added or removed count likewise). Each write is its mutation plus its write
 * conflict range; each read that is not a snapshot read is its read conflict range; each range is
 * its two keys. A single key's range is {@code [key, key + 0x00)}: {@code 2 * key + 1} bytes.
 *
 * <p>The count is an upper bound of FoundationDB's, never below it: a versionstamped key counts its
 * operand (with the 4-byte offset) and a write conflict range on the key it becomes, and a limited
 * range read counts its whole requested range. So a transaction this count accepts is not refused
 * {@code transaction_too_large} at commit. The SPI's {@link io.eventide.store.WriteBudget} counts
 * only what is written (on every backend); this is FoundationDB's own limit on top of it.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe; owned by one transaction.
 */
final class AffectedBytes {
  /** FoundationDB's limit on a transaction's affected data. */
  static final long LIMIT = Limits.MAX_TRANSACTION_BYTES;

  private long total;

  /** A single key's conflict range, {@code [key, key + 0x00)}. */
  static long keyRange(int key) {
    return 2L * key + 1;
  }

  /** {@code set}: key and value, and the key's write conflict range. */
  static long set(int key, int value) {
    return (long) key + value + keyRange(key);
  }

  /** {@code clear}: a clear of the single key's range, and that range's write conflict. */
  static long clear(int key) {
    return 2 * keyRange(key);
  }

  /** {@code clearRange}: both keys in the mutation and both in the write conflict range. */
  static long clearRange(int begin, int end) {
    return 2L * (begin + end);
  }

  /** An atomic mutation ({@code ADD}): key and operand, and the key's write conflict range. */
  static long atomic(int key, int operand) {
    return (long) key + operand + keyRange(key);
  }

  /**
   * {@code SET_VERSIONSTAMPED_KEY}: the operand (the key with its placeholder, then the 4-byte
   * offset) and the value, and a write conflict range on the {@code key}-byte key it becomes.
   */
  static long versionstampedKey(int key, int value) {
    return (long) key + Integer.BYTES + value + keyRange(key);
  }

  /** A read of one key, not through a snapshot: its read conflict range. */
  static long keyRead(int key) {
    return keyRange(key);
  }

  /** A range read, not through a snapshot, or an explicit read conflict range. */
  static long rangeRead(int begin, int end) {
    return (long) begin + end;
  }

  /**
   * Counts a write, or refuses it with {@code TOO_LARGE} when the transaction would exceed the
   * limit: refused, it costs nothing and the transaction goes on, as with the SPI's own budget.
   */
  void write(long bytes) {
    check(bytes);
    total += bytes;
  }

  /** Refuses {@code bytes} more with {@code TOO_LARGE} if they would exceed the limit. */
  void check(long bytes) {
    if (total + bytes > LIMIT) {
      throw tooLarge(total + bytes);
    }
  }

  /**
   * Counts a read's conflict range. A read is not refused (its answer may decide what is written);
   * a transaction whose reads took it past the limit fails at {@link #checkCommit}.
   */
  void read(long bytes) {
    total += bytes;
  }

  /** Fails {@code TOO_LARGE} when the transaction is over the limit, before FoundationDB would. */
  void checkCommit() {
    if (total > LIMIT) {
      throw tooLarge(total);
    }
  }

  long total() {
    return total;
  }

  private static StoreException tooLarge(long bytes) {
    return new StoreException(
        Code.TOO_LARGE,
        "transaction would affect "
            + bytes
            + " bytes as FoundationDB counts them (writes and their conflict ranges, and the"
            + " conflict ranges of reads), limit "
            + LIMIT);
  }
}
