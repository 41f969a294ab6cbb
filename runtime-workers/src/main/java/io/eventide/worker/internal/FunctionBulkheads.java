package io.eventide.worker.internal;

import io.eventide.protocol.InvocationResult;
import io.eventide.worker.WorkerConfig;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.ThreadPoolBulkhead;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per function type, a Resilience4j {@link Bulkhead} admitting a bounded number of invocations,
 * a {@link ThreadPoolBulkhead} (bounded pool and queue, named threads) running them, and a
 * {@link TimeLimiter}, so that a slow or stuck function type cannot starve the others.
 *
 * <h2>Thread safety</h2>
 * Thread-safe.
 */
public final class FunctionBulkheads implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FunctionBulkheads.class);

  private final WorkerConfig config;
  private final ConcurrentMap<String, Guard> guards = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timeouts;

  /**
   * A type's guards: {@code admission} bounds the invocations admitted at once (threads plus
   * queue), {@code pool} runs their lanes, {@code limiter} times each batch's run out.
   */
  private record Guard(Bulkhead admission, ThreadPoolBulkhead pool, TimeLimiter limiter) {}

  public FunctionBulkheads(WorkerConfig config) {
    this.config = config;
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "eventide-worker-timeouts");
      thread.setDaemon(true);
      return thread;
    });
    // Every batch's run of a type schedules its time limit and cancels it when done; without this,
    // cancelled timeouts stay queued (and reachable) for the whole timeout, one per run and
    // thousands at a few hundred batches a second, which the young collections then copy.
    scheduler.setRemoveOnCancelPolicy(true);
    this.timeouts = scheduler;
  }

  /**
   * Runs the invocations {@code tasks} of function type {@code type}, in parallel on up to the
   * type's thread count of lanes ({@link LaneRun}), under one time limit for all of them, counted
   * from now: the same limit each would have had alone, as they all arrive now. The future never
   * fails and lists one result per task, in order: an invocation beyond the type's capacity
   * (threads plus queue, counted in invocations) gives {@code REJECTED}, the time limit
   * {@code TIMEOUT}.
   *
   * @param onResult told of every result as soon as it is known (metrics)
   */
  public CompletableFuture<List<InvocationResult>> submitAll(
      String type, List<InvocationTask> tasks, Consumer<InvocationResult> onResult) {
    Guard guard = guards.computeIfAbsent(type, this::create);
    int admitted = 0;
    while (admitted < tasks.size() && guard.admission().tryAcquirePermission()) {
      admitted++;
    }
    LaneRun run = new LaneRun(tasks.subList(0, admitted), onResult, guard.admission()::onComplete);
    int lanes = Math.min(config.maxConcurrentPerType(), admitted);
    int started = 0;
    for (int lane = 0; lane < lanes; lane++) {
      try {
        guard.pool().executeRunnable(run::drain);
        started++;
      } catch (BulkheadFullException e) {
        break; // the lanes already started take the rest
      }
    }
    if (started == 0) {
      run.abandonUntaken(task -> rejected(type, task));
    } else {
      // The limiter fails the future it watches at the limit, so it watches a copy of the run's.
      guard.limiter().executeCompletionStage(timeouts, () -> run.done().thenApply(r -> r))
          .whenComplete((ok, error) -> {
            if (error != null) {
              run.timeOut(type + " did not finish within " + config.invocationTimeout());
            }
          });
    }
    List<InvocationTask> refused = tasks.subList(admitted, tasks.size());
    List<InvocationResult> refusals = new ArrayList<>(refused.size());
    for (InvocationTask task : refused) {
      InvocationResult result = rejected(type, task);
      onResult.accept(result);
      refusals.add(result);
    }
    if (refusals.isEmpty()) {
      return run.done();
    }
    return run.done().thenApply(results -> {
      List<InvocationResult> all = new ArrayList<>(results);
      all.addAll(refusals);
      return all;
    });
  }

  private InvocationResult rejected(String type, InvocationTask task) {
    return task.failed(
        FailureCode.REJECTED,
        type + " is at capacity (" + config.maxConcurrentPerType() + " running, "
            + config.queueCapacity() + " queued)",
        "");
  }

  private Guard create(String type) {
    Bulkhead admission = Bulkhead.of("admission-" + type, BulkheadConfig.custom()
        .maxConcurrentCalls(config.maxConcurrentPerType() + config.queueCapacity())
        .maxWaitDuration(Duration.ZERO)
        .writableStackTraceEnabled(false)
        .build());
    // Lanes never outnumber admitted invocations, so the admission bound is the one that holds;
    // the pool's queue only needs room for the lanes of the batches those invocations came in.
    ThreadPoolBulkheadConfig bulkheadConfig = ThreadPoolBulkheadConfig.custom()
        .coreThreadPoolSize(config.maxConcurrentPerType())
        .maxThreadPoolSize(config.maxConcurrentPerType())
        .queueCapacity(config.queueCapacity() + config.maxConcurrentPerType())
        .keepAliveDuration(Duration.ofSeconds(30))
        .writableStackTraceEnabled(false)
        .build();
    // Threads are named bulkhead-worker-<ns/type>-<n> by Resilience4j's thread factory.
    ThreadPoolBulkhead bulkhead = ThreadPoolBulkhead.of("worker-" + type, bulkheadConfig);
    TimeLimiter limiter = TimeLimiter.of("worker-" + type, TimeLimiterConfig.custom()
        .timeoutDuration(config.invocationTimeout())
        .cancelRunningFuture(false)
        .build());
    return new Guard(admission, bulkhead, limiter);
  }

  /** Stops every bulkhead's threads (interrupting running handlers) and the timeout timer. */
  @Override
  public void close() {
    List<Exception> failures = new ArrayList<>();
    for (Guard guard : guards.values()) {
      try {
        guard.pool().close();
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
