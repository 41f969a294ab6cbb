package io.eventide.store.fdb;

import com.apple.foundationdb.FDBException;
import io.eventide.store.StoreException;
import io.eventide.store.StoreException.Code;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Maps FoundationDB's error codes to the store SPI's {@link Code}s, in one place.
 *
 * <p>The table mirrors {@code fdb_error_predicate} of FoundationDB 7.3 ({@code
 * bindings/c/fdb_c.cpp}) for the codes it names, because {@link FDBException#isRetryable()} calls
 * into {@code libfdb_c} and so cannot decide anything where the native client is missing (unit
 * tests, this map's own tests). Codes outside the table fall back to that native predicate: a real
 * error from a cluster implies the client is loaded.
 *
 * <p>The phase matters for errors that abandon an operation midway: an abandoned read changed
 * nothing, an abandoned commit may still have been applied ({@code COMMIT_UNKNOWN}).
 *
 * <h2>Thread safety</h2>
 *
 * Stateless.
 */
final class FdbErrors {
  /** What the failed operation was doing. */
  enum Phase {
    READ,
    COMMIT
  }

  // flow/include/flow/error_definitions.h
  static final int TRANSACTION_TOO_OLD = 1007;
  static final int FUTURE_VERSION = 1009;
  static final int NOT_COMMITTED = 1020;
  static final int COMMIT_UNKNOWN_RESULT = 1021;
  static final int TRANSACTION_CANCELLED = 1025;
  static final int TRANSACTION_TIMED_OUT = 1031;
  static final int ACCESSED_UNREADABLE = 1036;
  static final int PROCESS_BEHIND = 1037;
  static final int DATABASE_LOCKED = 1038;
  static final int CLUSTER_VERSION_CHANGED = 1039;
  static final int COMMIT_PROXY_MEMORY_LIMIT_EXCEEDED = 1042;
  static final int BATCH_TRANSACTION_THROTTLED = 1051;
  static final int GRV_PROXY_MEMORY_LIMIT_EXCEEDED = 1078;
  static final int TAG_THROTTLED = 1213;
  static final int TRANSACTION_TOO_LARGE = 2101;
  static final int KEY_TOO_LARGE = 2102;
  static final int VALUE_TOO_LARGE = 2103;

  private FdbErrors() {}

  /** The {@link StoreException} for {@code failure}, unwrapping completion wrappers. */
  static StoreException toStoreException(Throwable failure, Phase phase) {
    return toStoreException(failure, phase, FdbErrors::nativeRetryable);
  }

  /**
   * As {@link #toStoreException(Throwable, Phase)}, asking {@code retryable} about unlisted codes.
   */
  static StoreException toStoreException(
      Throwable failure, Phase phase, Predicate<FDBException> retryable) {
    StoreException already = StoreException.unwrap(failure);
    if (already != null) {
      return already;
    }
    FDBException fdb = findFdbException(failure);
    String action = phase == Phase.COMMIT ? "commit" : "read";
    if (fdb == null) {
      return new StoreException(Code.IO, action + " failed: " + failure, failure);
    }
    Code code = code(fdb.getCode(), phase, () -> retryable.test(fdb));
    String message =
        action + " failed: FoundationDB error " + fdb.getCode() + " (" + fdb.getMessage() + ")";
    return new StoreException(code, message, fdb);
  }

  /**
   * The SPI code of FoundationDB error {@code fdbCode}; {@code retryable} is asked only when
   * unlisted.
   */
  static Code code(int fdbCode, Phase phase, BooleanSupplier retryable) {
    Code abandoned = phase == Phase.COMMIT ? Code.COMMIT_UNKNOWN : Code.UNAVAILABLE;
    return switch (fdbCode) {
      case NOT_COMMITTED -> Code.CONFLICT;
      case TRANSACTION_TOO_OLD -> Code.TOO_OLD;
      // The commit was sent and its outcome is not known; a read merely did not finish.
      case COMMIT_UNKNOWN_RESULT,
          CLUSTER_VERSION_CHANGED,
          TRANSACTION_TIMED_OUT,
          TRANSACTION_CANCELLED ->
          abandoned;
      // The cluster is recovering, lagging or throttling: the same transaction may pass later.
      case FUTURE_VERSION,
          PROCESS_BEHIND,
          DATABASE_LOCKED,
          COMMIT_PROXY_MEMORY_LIMIT_EXCEEDED,
          BATCH_TRANSACTION_THROTTLED,
          GRV_PROXY_MEMORY_LIMIT_EXCEEDED,
          TAG_THROTTLED ->
          Code.UNAVAILABLE;
      case TRANSACTION_TOO_LARGE, KEY_TOO_LARGE, VALUE_TOO_LARGE -> Code.TOO_LARGE;
      // Reading a range that one of this transaction's versionstamped keys may land in.
      case ACCESSED_UNREADABLE -> Code.INVALID;
      default -> unlisted(fdbCode, abandoned, retryable);
    };
  }

  private static Code unlisted(int fdbCode, Code abandoned, BooleanSupplier retryable) {
    if (fdbCode >= 2000 && fdbCode < 2100) {
      return Code.INVALID; // 20xx: the client asked for something illegal (inverted range, ...)
    }
    // A retryable error we do not know may come from a commit that was applied: say so.
    return retryable.getAsBoolean() ? abandoned : Code.IO;
  }

  private static FDBException findFdbException(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof FDBException fdb) {
        return fdb;
      }
    }
    return null;
  }

  private static boolean nativeRetryable(FDBException e) {
    try {
      return e.isRetryable();
    } catch (LinkageError | IllegalStateException noClient) {
      return false; // no native client, so the error did not come from a cluster
    }
  }
}
