package io.eventide.store.fdb;

import com.apple.foundationdb.FDB;
import com.apple.foundationdb.FDBException;
import io.eventide.store.StoreException;
import io.eventide.store.StoreException.Code;
import java.util.Optional;

/**
 * The process-wide FoundationDB client at API version {@value #VERSION}, loaded on first use.
 *
 * <p>fdb-java carries {@code libfdb_java.so} but not {@code libfdb_c.so}, which comes with the
 * FoundationDB client package. Without it the first use of the client class fails with an {@link
 * UnsatisfiedLinkError} naming the missing library, and every later use with a {@link
 * NoClassDefFoundError} that wraps it; the message reports the innermost cause, so every caller
 * learns what to install.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe.
 */
final class FdbApi {
  static final int VERSION = 730;

  private static LinkageError loadFailure; // guarded by FdbApi.class

  private FdbApi() {}

  /** The client, selecting the API version on first call; {@code IO} when it cannot load. */
  static synchronized FDB select() {
    if (loadFailure != null) {
      throw missingLibrary(loadFailure);
    }
    try {
      return FDB.selectAPIVersion(VERSION);
    } catch (LinkageError e) {
      loadFailure = e;
      throw missingLibrary(e);
    } catch (FDBException | IllegalArgumentException e) {
      throw new StoreException(
          Code.IO,
          "FoundationDB client API version " + VERSION + " unavailable: " + e.getMessage(),
          e);
    }
  }

  /** Why the client cannot be used in this process, or empty when it can. */
  static Optional<String> unavailableReason() {
    try {
      select();
      return Optional.empty();
    } catch (StoreException e) {
      return Optional.of(e.getMessage());
    }
  }

  private static StoreException missingLibrary(LinkageError cause) {
    Throwable innermost = cause;
    while (innermost.getCause() != null) {
      innermost = innermost.getCause();
    }
    return new StoreException(
        Code.IO,
        "the FoundationDB client library did not load ("
            + innermost.getMessage()
            + "); install the FoundationDB 7.3 client package, which provides libfdb_c.so, or put"
            + " libfdb_c.so on LD_LIBRARY_PATH",
        cause);
  }
}
