package io.eventide.store.fdb;

import io.eventide.store.Store;
import io.eventide.store.StoreException;
import io.eventide.store.Transaction;
import io.eventide.store.TransactionRunner;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a body in a transaction, commits, and retries on {@code CONFLICT}, {@code TOO_OLD}, {@code
 * UNAVAILABLE} and {@code COMMIT_UNKNOWN}, such that each call is applied at most once even when a
 * commit's outcome was unknown ({@code commit_unknown_result}, or no answer in time).
 *
 * <p>FoundationDB's standard technique: each call (logical commit) gets an id; each attempt writes
 * that id in its own transaction; a retry first reads the id in its transaction: present, an
 * earlier attempt was applied and its result is returned; absent, the body runs again. The
 * decisions are in {@link IdempotentCommit}, the id keys' layout in {@link StoreCommitLedger}.
 * Retrying itself (bounded attempts, exponential backoff with jitter, Resilience4j) is {@link
 * TransactionRunner}'s, in its idempotent mode, which this makes true. Ids are cleared in ranges
 * once older than {@link FdbRunnerOptions#idRetention()}, by a periodic sweep.
 *
 * <p>{@code FENCED} is never retried: the caller must re-establish what the fence guarded first.
 * The body may run several times, must have no effects outside its transaction, and its result is
 * taken from the attempt that was applied. Only the SPI is used, so the runner works on any
 * backend; it exists for FoundationDB, where unknown outcomes are routine during recoveries.
 *
 * <pre>{@code
 * try (FdbRunner runner = new FdbRunner(store)) {
 *   runner.run(tx -> { tx.add(counter, 1); return null; }); // counted once, whatever happens
 * }
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe. Bodies run as in {@link TransactionRunner}; sweeps run on one named daemon thread.
 * {@link #close} stops both.
 */
public final class FdbRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FdbRunner.class);

  private final FdbRunnerOptions options;
  private final StoreCommitLedger ledger;
  private final TransactionRunner runner;
  private final ScheduledExecutorService sweeper; // null when sweeping is off

  public FdbRunner(Store store) {
    this(store, FdbRunnerOptions.defaults());
  }

  public FdbRunner(Store store, FdbRunnerOptions options) {
    this.options = options;
    this.ledger = new StoreCommitLedger(options.idSubspace());
    this.runner = new TransactionRunner(store, options.retry().withIdempotent(true));
    long sweepMillis = options.sweepInterval().toMillis();
    if (sweepMillis == 0) {
      this.sweeper = null;
      return;
    }
    String name = "eventide-commit-id-sweeper-" + store.backend();
    this.sweeper = Executors.newSingleThreadScheduledExecutor(task -> daemon(task, name));
    sweeper.scheduleWithFixedDelay(
        this::sweepQuietly, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
  }

  /** Runs {@code body} and commits, retrying; throws the last {@link StoreException}. */
  public <T> T run(Function<? super Transaction, ? extends T> body) {
    IdempotentCommit<T> commit = newCommit();
    return runner.run(tx -> commit.attempt(tx, body));
  }

  /** Like {@link #run} without blocking; the future fails with the last {@link StoreException}. */
  public <T> CompletableFuture<T> runAsync(Function<? super Transaction, ? extends T> body) {
    IdempotentCommit<T> commit = newCommit();
    return runner.runAsync(tx -> commit.attempt(tx, body));
  }

  /** Clears the ids older than the retention (a blind range clear, so retrying it is harmless). */
  void sweepExpiredIds() {
    long cutoff = options.wallClock().getAsLong() - options.idRetention().toMillis();
    runner.run(
        tx -> {
          ledger.sweep(tx, cutoff);
          return null;
        });
  }

  @Override
  public void close() {
    if (sweeper != null) {
      sweeper.shutdownNow();
    }
    runner.close();
  }

  private <T> IdempotentCommit<T> newCommit() {
    return new IdempotentCommit<>(
        ledger, ledger.newId(options.wallClock().getAsLong(), UUID.randomUUID()));
  }

  private void sweepQuietly() {
    try {
      sweepExpiredIds();
    } catch (StoreException e) {
      // The next sweep does the same work, and nothing else waits for this one.
      log.warn(
          "clearing expired commit ids failed ({}); next try in {}",
          e.getMessage(),
          options.sweepInterval());
    }
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }
}
