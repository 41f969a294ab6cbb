package io.eventide.worker.internal;

import io.eventide.protocol.InvocationResult;
import io.eventide.worker.WorkerConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.ThreadPoolBulkhead;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Resilience4j {@link ThreadPoolBulkhead} (bounded pool and queue, named threads) and one
 * {@link TimeLimiter} per function type, so that a slow or stuck function type cannot starve the
 * others.
 *
 * <h2>Thread safety</h2>
 * Thread-safe.
 */
public final class FunctionBulkheads implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FunctionBulkheads.class);

  private final WorkerConfig config;
  private final ConcurrentMap<String, Guard> guards = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timeouts;

  private record Guard(ThreadPoolBulkhead bulkhead, TimeLimiter limiter) {}

  public FunctionBulkheads(WorkerConfig config) {
    this.config = config;
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "eventide-worker-timeouts");
      thread.setDaemon(true);
      return thread;
    });
    // Every invocation schedules its time limit and cancels it when done; without this, cancelled
    // timeouts stay queued (and reachable) for the whole timeout, tens of thousands at 1,000
    // invocations/s, which the young collections then copy.
    scheduler.setRemoveOnCancelPolicy(true);
    this.timeouts = scheduler;
  }

  /**
   * Runs {@code task} on the bulkhead of {@code type}. The future never fails: a full bulkhead
   * gives {@code REJECTED}, the time limit {@code TIMEOUT}.
   */
  public CompletableFuture<InvocationResult> submit(String type, InvocationTask task) {
    Guard guard = guards.computeIfAbsent(type, this::create);
    CompletableFuture<InvocationResult> running;
    try {
      running = guard.bulkhead().executeSupplier(task::call).toCompletableFuture();
    } catch (BulkheadFullException e) {
      return CompletableFuture.completedFuture(rejected(type, task));
    }
    return guard.limiter()
        .executeCompletionStage(timeouts, () -> running)
        .toCompletableFuture()
        .handle((result, error) -> result != null ? result : onError(type, task, error));
  }

  private InvocationResult onError(String type, InvocationTask task, Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof TimeoutException) {
      return task.timedOut(type + " did not finish within " + config.invocationTimeout());
    }
    if (cause instanceof BulkheadFullException) {
      return rejected(type, task);
    }
    // InvocationTask turns handler failures into results, so this is a bug of ours.
    LOG.error("invocation of {} failed unexpectedly", type, cause);
    return task.failed(FailureCode.HANDLER_ERROR, String.valueOf(cause.getMessage()), cause.getClass().getName());
  }

  private InvocationResult rejected(String type, InvocationTask task) {
    return task.failed(
        FailureCode.REJECTED,
        type + " is at capacity (" + config.maxConcurrentPerType() + " running, "
            + config.queueCapacity() + " queued)",
        "");
  }

  private Guard create(String type) {
    ThreadPoolBulkheadConfig bulkheadConfig = ThreadPoolBulkheadConfig.custom()
        .coreThreadPoolSize(config.maxConcurrentPerType())
        .maxThreadPoolSize(config.maxConcurrentPerType())
        .queueCapacity(config.queueCapacity())
        .keepAliveDuration(Duration.ofSeconds(30))
        .writableStackTraceEnabled(false)
        .build();
    // Threads are named bulkhead-worker-<ns/type>-<n> by Resilience4j's thread factory.
    ThreadPoolBulkhead bulkhead = ThreadPoolBulkhead.of("worker-" + type, bulkheadConfig);
    TimeLimiter limiter = TimeLimiter.of("worker-" + type, TimeLimiterConfig.custom()
        .timeoutDuration(config.invocationTimeout())
        .cancelRunningFuture(true)
        .build());
    return new Guard(bulkhead, limiter);
  }

  /** Stops every bulkhead's threads (interrupting running handlers) and the timeout timer. */
  @Override
  public void close() {
    List<Exception> failures = new ArrayList<>();
    for (Guard guard : guards.values()) {
      try {
        guard.bulkhead().close();
      } catch (Exception e) {
        failures.add(e);
      }
    }
    guards.clear();
    timeouts.shutdownNow();
    try {
      if (!timeouts.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("worker timeout timer did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!failures.isEmpty()) {
      IllegalStateException error = new IllegalStateException("closing bulkheads failed");
      failures.forEach(error::addSuppressed);
      throw error;
    }
  }
}
