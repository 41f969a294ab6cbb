package io.eventide.store.fdb;

import io.eventide.store.Limits;
import io.eventide.store.StoreException;
import io.eventide.store.StoreException.Code;

/**
 * The SPI's size limits as one transaction spends them, checked at each write call as on every
 * backend (FoundationDB itself would report most of them only at commit). A refused write costs
 * nothing.
 *
 * <p>FoundationDB also counts conflict ranges against its 10 MB, so a transaction close to the
 * limit by this count can still fail {@code TOO_LARGE} at commit.
 *
 * <h2>Thread safety</h2>
 * Not thread-safe; owned by one transaction.
 */
final class WriteBudget {
  private long spent;

  /** Refuses a key (as stored, root included) over the key limit. */
  void checkKey(int length) {
    if (length > Limits.MAX_KEY_BYTES) {
      throw new StoreException(Code.TOO_LARGE, "key of " + length + " bytes exceeds " + Limits.MAX_KEY_BYTES);
    }
  }

  void checkValue(int length) {
    if (length > Limits.MAX_VALUE_BYTES) {
      throw new StoreException(Code.TOO_LARGE, "value of " + length + " bytes exceeds " + Limits.MAX_VALUE_BYTES);
    }
  }

  /** Spends {@code bytes}, or refuses when the transaction would exceed its limit. */
  void spend(long bytes) {
    long total = spent + bytes;
    if (total > Limits.MAX_TRANSACTION_BYTES) {
      throw new StoreException(
          Code.TOO_LARGE, "transaction would write " + total + " bytes, limit " + Limits.MAX_TRANSACTION_BYTES);
    }
    spent = total;
  }

  long spent() {
    return spent;
  }
}
