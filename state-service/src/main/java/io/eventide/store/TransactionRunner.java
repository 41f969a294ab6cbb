package io.eventide.store;

import io.eventide.store.StoreException.Code;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Runs a body in a fresh transaction, commits, and retries the whole body on retryable failures:
 * {@code CONFLICT}, {@code TOO_OLD}, {@code UNAVAILABLE}, and {@code COMMIT_UNKNOWN} only when
 * {@link Config#idempotent} says running the body twice is harmless (its commit may already have
 * been applied). {@code FENCED} is never retried here: the caller must re-establish what the fence
 * guarded (e.g. re-acquire a lease) first.
 *
 * <p>The body may run several times: it must not have effects outside the transaction, and its
 * result is taken from the attempt that committed. Backoff is exponential with jitter, bounded in
 * attempts and interval (Resilience4j Retry).
 *
 * <p>Each attempt begins lazily ({@link Store#beginLazily}): on a remote store a body that only
 * writes, as a heartbeat does, costs one round trip (its commit), and one whose first read is a
 * ranges read begins its session with that read. The snapshot is then taken at the first read,
 * never earlier than the attempt, so the body sees at least what was committed before it started. A
 * body that reads nothing has no snapshot: an explicit read conflict range in it guards nothing, so
 * such a body must read what it guards.
 *
 * <pre>{@code
 * try (TransactionRunner runner = new TransactionRunner(store)) {
 *   long n = runner.run(tx -> { tx.add(counter, 1); return 1L; });
 * }
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe. {@link #run} blocks the caller (including during backoff). {@link #runAsync} never
 * waits: its first attempt runs the body on the calling thread, retries are scheduled on the
 * runner's single named scheduler thread (where the body then runs), and the commit itself is
 * awaited asynchronously.
 */
public final class TransactionRunner implements AutoCloseable {
  /**
   * Retry settings.
   *
   * @param maxAttempts attempts in all, including the first
   * @param initialBackoff wait before the first retry
   * @param multiplier growth of the wait per retry
   * @param jitter randomization factor in [0, 1): each wait is uniformly within ± this fraction
   * @param maxBackoff cap on one wait
   * @param idempotent whether {@code COMMIT_UNKNOWN} may be retried
   * @param commitTimeout how long {@link #run} waits for one commit before reporting {@code
   *     COMMIT_UNKNOWN}
   */
  public record Config(
      int maxAttempts,
      Duration initialBackoff,
      double multiplier,
      double jitter,
      Duration maxBackoff,
      boolean idempotent,
      Duration commitTimeout) {
    public Config {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts " + maxAttempts + " must be ≥ 1");
      }
      if (jitter < 0 || jitter >= 1) {
        throw new IllegalArgumentException("jitter " + jitter + " must be in [0, 1)");
      }
    }

    public static Config defaults() {
      return new Config(
          20,
          Duration.ofMillis(2),
          2.0,
          0.5,
          Duration.ofMillis(500),
          false,
          Duration.ofSeconds(30));
    }

    public Config withIdempotent(boolean value) {
      return new Config(
          maxAttempts, initialBackoff, multiplier, jitter, maxBackoff, value, commitTimeout);
    }

    public Config withMaxAttempts(int value) {
      return new Config(
          value, initialBackoff, multiplier, jitter, maxBackoff, idempotent, commitTimeout);
    }
  }

  private final Store store;
  private final Config config;
  private final Retry retry;
  private final ScheduledExecutorService scheduler;

  public TransactionRunner(Store store) {
    this(store, Config.defaults());
  }

  public TransactionRunner(Store store, Config config) {
    this.store = store;
    this.config = config;
    this.retry =
        Retry.of(
            "store-" + store.backend(),
            RetryConfig.custom()
                .maxAttempts(config.maxAttempts())
                .intervalFunction(
                    IntervalFunction.ofExponentialRandomBackoff(
                        config.initialBackoff(),
                        config.multiplier(),
                        config.jitter(),
                        config.maxBackoff()))
                .retryOnException(this::retryable)
                .build());
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "eventide-tx-retry-" + store.backend());
              t.setDaemon(true);
              return t;
            });
  }

  /** Runs {@code body} and commits, retrying; throws the last {@link StoreException}. */
  public <T> T run(Function<Transaction, T> body) {
    return retry.executeSupplier(() -> attempt(body));
  }

  /** Like {@link #run} without blocking; the future fails with the last {@link StoreException}. */
  public <T> CompletableFuture<T> runAsync(Function<Transaction, T> body) {
    return retry.executeCompletionStage(scheduler, () -> attemptAsync(body)).toCompletableFuture();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }

  private boolean retryable(Throwable t) {
    StoreException e = StoreException.unwrap(t);
    if (e == null) {
      return false;
    }
    return switch (e.code()) {
      case CONFLICT, TOO_OLD, UNAVAILABLE -> true;
      case COMMIT_UNKNOWN -> config.idempotent();
      default -> false;
    };
  }

  private <T> T attempt(Function<Transaction, T> body) {
    try (Transaction tx = store.beginLazily()) {
      T result = body.apply(tx);
      tx.commitAsync().get(config.commitTimeout().toMillis(), TimeUnit.MILLISECONDS);
      return result;
    } catch (ExecutionException e) {
      StoreException cause = StoreException.unwrap(e);
      throw cause != null ? cause : new StoreException(Code.IO, "commit failed", e.getCause());
    } catch (TimeoutException e) {
      throw new StoreException(
          Code.COMMIT_UNKNOWN, "no commit outcome within " + config.commitTimeout(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(Code.UNAVAILABLE, "interrupted while committing", e);
    }
  }

  private <T> CompletableFuture<T> attemptAsync(Function<Transaction, T> body) {
    Transaction tx;
    T result;
    try {
      tx = store.beginLazily();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    try {
      result = body.apply(tx);
    } catch (RuntimeException e) {
      tx.close();
      return CompletableFuture.failedFuture(e);
    }
    return tx.commitAsync()
        .whenComplete((r, e) -> tx.close())
        .handle(
            (r, e) -> {
              if (e == null) {
                return result;
              }
              StoreException cause = StoreException.unwrap(e);
              throw cause != null ? cause : new StoreException(Code.IO, "commit failed", e);
            });
  }
}
