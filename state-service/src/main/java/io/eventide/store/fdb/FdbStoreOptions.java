package io.eventide.store.fdb;

import io.eventide.store.Limits;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Settings of {@link FdbStore}.
 *
 * @param root bytes put before every key, e.g. a packed tuple per test or per tenant; empty (the
 *     default) uses keys as given. FoundationDB's key limit applies to root plus key, so the root
 *     shortens the longest key the store accepts
 * @param transactionTimeout FoundationDB's {@code timeout} option: an operation still pending this
 *     long after begin is cancelled (a read then fails {@code UNAVAILABLE}, a commit {@code
 *     COMMIT_UNKNOWN}); longer than the 5 s transaction limit so that it only catches a cluster
 *     that does not answer
 * @param millisClock a monotonic millisecond clock for the transaction age limit; tests inject a
 *     manual one
 */
public record FdbStoreOptions(byte[] root, Duration transactionTimeout, LongSupplier millisClock) {

  public FdbStoreOptions {
    if (root == null || (root.length > 0 && root[0] == (byte) 0xff)) {
      throw new IllegalArgumentException("root must not be null or start with 0xff (system keys)");
    }
    if (transactionTimeout == null
        || transactionTimeout.toMillis() <= Limits.MAX_TRANSACTION_MILLIS) {
      throw new IllegalArgumentException(
          "transactionTimeout "
              + transactionTimeout
              + " must exceed "
              + Limits.MAX_TRANSACTION_MILLIS
              + " ms");
    }
    if (millisClock == null) {
      throw new IllegalArgumentException("millisClock must not be null");
    }
    root = root.clone();
  }

  public static FdbStoreOptions defaults() {
    return new FdbStoreOptions(
        new byte[0], Duration.ofSeconds(10), () -> System.nanoTime() / 1_000_000);
  }

  @Override
  public byte[] root() {
    return root.clone();
  }

  public FdbStoreOptions withRoot(byte[] value) {
    return new FdbStoreOptions(value, transactionTimeout, millisClock);
  }

  public FdbStoreOptions withTransactionTimeout(Duration value) {
    return new FdbStoreOptions(root, value, millisClock);
  }

  public FdbStoreOptions withMillisClock(LongSupplier value) {
    return new FdbStoreOptions(root, transactionTimeout, value);
  }
}
