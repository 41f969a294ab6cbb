package io.eventide.store;

import io.eventide.store.StoreException.Code;

/**
 * The SPI's size limits ({@link Limits}) as one transaction spends them, counted as FoundationDB
 * counts its 10 MB on every backend, so that what one backend accepts another does too.
 *
 * <p>FoundationDB's transaction size is its mutations (key and value bytes), plus its write
 * conflict ranges (one per write: a key {@code k} is the range {@code [k, k\0)}, {@code 2k + 1}
 * bytes), plus its read conflict ranges (reads that are not snapshot reads, fences, explicit
 * ranges). Counting only keys and values, as this class once did, let a transaction of many small
 * values under long keys pass here and fail {@code transaction_too_large} at a FoundationDB commit.
 * Every write is counted at its call, with a conflict range of its own (FoundationDB may merge
 * adjacent ones, so this never counts less), and refused there when the total would pass the limit:
 * a refused write costs nothing and the transaction goes on. Reads are counted but never refused
 * (FoundationDB refuses the commit, not the read): {@link #refusal} says at commit.
 *
 * <pre>{@code
 * budget.checkKey(key.length);
 * budget.checkValue(value.length);
 * budget.spendSet(key.length, value.length);
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe; owned by one transaction.
 */
public final class WriteBudget {
  /** Bytes FoundationDB adds to a versionstamped key's operand: the placeholder's offset. */
  private static final int VERSIONSTAMP_OFFSET_BYTES = 4;

  private long spent;

  /** Refuses a key (as stored, root included) over the key limit. */
  public void checkKey(int length) {
    if (length > Limits.MAX_KEY_BYTES) {
      throw new StoreException(
          Code.TOO_LARGE, "key of " + length + " bytes exceeds " + Limits.MAX_KEY_BYTES);
    }
  }

  public void checkValue(int length) {
    if (length > Limits.MAX_VALUE_BYTES) {
      throw new StoreException(
          Code.TOO_LARGE, "value of " + length + " bytes exceeds " + Limits.MAX_VALUE_BYTES);
    }
  }

  public void spendSet(int key, int value) {
    spend((long) key + value + point(key));
  }

  /** A cleared key: FoundationDB clears the range {@code [key, key\0)}. */
  public void spendClear(int key) {
    spend(2 * point(key));
  }

  public void spendClearRange(int begin, int end) {
    spend(2 * ((long) begin + end));
  }

  public void spendAdd(int key) {
    spend((long) key + Long.BYTES + point(key));
  }

  /** A versionstamped key of {@code key} bytes once stamped. */
  public void spendVersionstamped(int key, int value) {
    spend((long) key + VERSIONSTAMP_OFFSET_BYTES + value + point(key));
  }

  /** A conflicting read of one key, or a fence on it. */
  public void noteRead(int key) {
    spent += point(key);
  }

  /** A read conflict range {@code [begin, end)}. */
  public void noteRange(int begin, int end) {
    spent += (long) begin + end;
  }

  /** Spends {@code bytes}, or refuses when the transaction would exceed its limit. */
  public void spend(long bytes) {
    long total = spent + bytes;
    if (total > Limits.MAX_TRANSACTION_BYTES) {
      throw new StoreException(
          Code.TOO_LARGE,
          "transaction would count "
              + total
              + " bytes (writes and conflict ranges), limit "
              + Limits.MAX_TRANSACTION_BYTES);
    }
    spent = total;
  }

  /** Why the transaction must not be committed, when its reads took it past the limit; or null. */
  public StoreException refusal() {
    if (spent <= Limits.MAX_TRANSACTION_BYTES) {
      return null;
    }
    return new StoreException(
        Code.TOO_LARGE,
        "transaction counts "
            + spent
            + " bytes with the conflict ranges of its reads, limit "
            + Limits.MAX_TRANSACTION_BYTES);
  }

  public long spent() {
    return spent;
  }

  private static long point(int key) {
    return 2L * key + 1;
  }
}
