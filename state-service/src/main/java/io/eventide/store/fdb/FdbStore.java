package io.eventide.store.fdb;

import com.apple.foundationdb.Database;
import com.apple.foundationdb.FDBException;
import io.eventide.store.Keys;
import io.eventide.store.Store;
import io.eventide.store.StoreException;
import io.eventide.store.StoreException.Code;
import io.eventide.store.Transaction;
import io.eventide.store.fdb.FdbErrors.Phase;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FoundationDB backend of the store SPI, on fdb-java at API version 730. The SPI mirrors
 * FoundationDB's model, so most calls map one to one: reads, range reads (snapshot or not), set,
 * clear, range clear, atomic {@code ADD}, {@code SET_VERSIONSTAMPED_KEY} (see {@link
 * VersionstampedKeys}), read-conflict ranges, commit with its versionstamp. What FoundationDB lacks
 * is added here: fences ({@link Fences}), the SPI's limits at each write call ({@link
 * WriteBudget}), the transaction age limit on an injectable clock, and one error type ({@link
 * FdbErrors}). Retrying with {@code commit_unknown_result} handled is {@link FdbRunner}'s job.
 *
 * <p>{@link io.eventide.store.CommitResult#version()} is FoundationDB's commit version: it
 * increases from one commit batch to the next, but the transactions a commit proxy resolves in one
 * batch share it. The 10-byte versionstamp (commit version and order in the batch) is unique per
 * commit, and is what versionstamped keys carry.
 *
 * <p>Needs {@code libfdb_c.so} (the FoundationDB client package) and a cluster file; without the
 * library, {@link #open} fails with {@code IO} and says what to install.
 *
 * <pre>{@code
 * try (FdbStore store = FdbStore.open(Path.of("/etc/foundationdb/fdb.cluster"));
 *     Transaction tx = store.begin()) {
 *   tx.set(key, value);
 *   tx.commitAsync().join();
 * }
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe; each transaction belongs to one thread at a time. Commit futures complete on
 * FoundationDB's callback threads: dependent stages that block must use the {@code *Async}
 * variants. {@link #close} lets commits in flight finish (for up to 10 s), releases every other
 * open transaction, and afterwards every call fails {@code UNAVAILABLE}.
 */
public final class FdbStore implements Store {
  private static final Logger log = LoggerFactory.getLogger(FdbStore.class);
  private static final long CLOSE_TIMEOUT_MILLIS = 10_000;

  private final Database db;
  private final FdbStoreOptions options;
  private final byte[] root;
  private final Set<FdbTransaction> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private FdbStore(Database db, FdbStoreOptions options) {
    this.db = db;
    this.options = options;
    this.root = options.root();
  }

  /** Opens the cluster named by {@code clusterFile}, keys used as given. */
  public static FdbStore open(Path clusterFile) {
    return open(clusterFile, FdbStoreOptions.defaults());
  }

  public static FdbStore open(Path clusterFile, FdbStoreOptions options) {
    Objects.requireNonNull(clusterFile, "clusterFile");
    try {
      return new FdbStore(FdbApi.select().open(clusterFile.toString()), options);
    } catch (FDBException e) {
      throw new StoreException(
          Code.IO,
          "cannot open FoundationDB cluster file "
              + clusterFile
              + ": "
              + e.getMessage()
              + " (error "
              + e.getCode()
              + ")",
          e);
    }
  }

  @Override
  public Transaction begin() {
    com.apple.foundationdb.Transaction tr = call(db::createTransaction);
    FdbTransaction tx;
    try {
      tr.options().setTimeout(timeoutMillis());
      tx = new FdbTransaction(this, tr, now());
    } catch (RuntimeException e) {
      tr.close();
      throw failure(e, Phase.READ);
    }
    open.add(tx);
    if (closed) { // closed while beginning: close() may not have seen it
      tx.release();
      throw new StoreException(Code.UNAVAILABLE, "store is closed");
    }
    return tx;
  }

  @Override
  public String backend() {
    return "fdb";
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    awaitCommitsInFlight();
    List.copyOf(open).forEach(FdbTransaction::release);
    db.close();
  }

  private void awaitCommitsInFlight() {
    // Each commit's outcome reaches its own caller; here only its end matters.
    CompletableFuture<?>[] ends =
        open.stream()
            .map(FdbTransaction::commitInFlight)
            .filter(Objects::nonNull)
            .map(commit -> commit.handle((result, error) -> true))
            .toArray(CompletableFuture<?>[]::new);
    try {
      CompletableFuture.allOf(ends).get(CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn(
          "{} commits still in flight {} ms after close; cancelling them",
          ends.length,
          CLOSE_TIMEOUT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException("a handled future cannot fail", e);
    }
  }

  boolean isClosed() {
    return closed;
  }

  long now() {
    return options.millisClock().getAsLong();
  }

  long timeoutMillis() {
    return options.transactionTimeout().toMillis();
  }

  Database database() {
    return db;
  }

  byte[] root() {
    return root;
  }

  /** The key as FoundationDB stores it. */
  byte[] toStored(byte[] key) {
    return root.length == 0 ? key : Keys.concat(root, key);
  }

  /** The SPI key of a stored key. */
  byte[] fromStored(byte[] stored) {
    return root.length == 0 ? stored : Arrays.copyOfRange(stored, root.length, stored.length);
  }

  void forget(FdbTransaction tx) {
    open.remove(tx);
  }

  /** Runs a call into the native client, turning its synchronous failures into StoreExceptions. */
  <T> T call(Supplier<T> nativeCall) {
    if (closed) {
      throw new StoreException(Code.UNAVAILABLE, "store is closed");
    }
    try {
      return nativeCall.get();
    } catch (FDBException | IllegalStateException e) {
      throw failure(e, Phase.READ);
    }
  }

  /**
   * Waits for a read; the transaction timeout bounds it, the margin only guards against a stuck
   * client.
   */
  <T> T await(CompletableFuture<T> read) {
    try {
      return read.get(timeoutMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw failure(e.getCause(), Phase.READ);
    } catch (TimeoutException e) {
      throw new StoreException(
          Code.UNAVAILABLE,
          "no answer from FoundationDB within " + (timeoutMillis() + 1_000) + " ms",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(Code.UNAVAILABLE, "interrupted while reading", e);
    }
  }

  /** The StoreException for a failure of an operation in {@code phase}. */
  StoreException failure(Throwable error, Phase phase) {
    StoreException already = StoreException.unwrap(error);
    if (already != null) {
      return already;
    }
    boolean nativeObjectClosed = false;
    for (Throwable c = error; c != null; c = c.getCause()) {
      nativeObjectClosed |= c instanceof IllegalStateException;
    }
    // After close, reads fail because their transaction was released; a commit may still have
    // landed.
    if (closed && (phase == Phase.READ || nativeObjectClosed)) {
      return new StoreException(Code.UNAVAILABLE, "store is closed", error);
    }
    if (nativeObjectClosed) {
      return new StoreException(
          Code.INVALID, "FoundationDB refused the call: " + error.getMessage(), error);
    }
    return FdbErrors.toStoreException(error, phase);
  }
}
