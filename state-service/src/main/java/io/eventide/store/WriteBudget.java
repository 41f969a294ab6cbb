package io.eventide.store;

import io.eventide.store.StoreException.Code;

/**
 * The SPI's size limits ({@link Limits}) as one transaction spends them, checked at each write call
 * on every backend, with the same messages: a refused write costs nothing and the transaction goes
 * on. (FoundationDB itself would report most of them only at commit, and also counts conflict
 * ranges against its 10 MB: the {@code fdb} backend counts those too, at each call, with {@code
 * fdb.AffectedBytes}.)
 *
 * <pre>{@code
 * budget.checkKey(key.length);
 * budget.checkValue(value.length);
 * budget.spend(key.length + value.length);
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe; owned by one transaction.
 */
public final class WriteBudget {
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

  /** Spends {@code bytes}, or refuses when the transaction would exceed its limit. */
  public void spend(long bytes) {
    long total = spent + bytes;
    if (total > Limits.MAX_TRANSACTION_BYTES) {
      throw new StoreException(
          Code.TOO_LARGE,
          "transaction would write " + total + " bytes, limit " + Limits.MAX_TRANSACTION_BYTES);
    }
    spent = total;
  }

  public long spent() {
    return spent;
  }
}
