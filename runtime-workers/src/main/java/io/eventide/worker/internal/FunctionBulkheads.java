package io.eventide.worker.internal;

import io.eventide.protocol.InvocationResult;
import io.eventide.worker.api.WorkerConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * Per function type, its {@link TypeLanes} (a Resilience4j bulkhead admitting a bounded number of
 * invocations, and the threads running them), so that a slow or stuck function type cannot starve
 * the others; and one {@link Watchdog} that holds every handler call to its timeout.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe.
 */
public final class FunctionBulkheads implements AutoCloseable {
  private final WorkerConfig config;
  private final ConcurrentMap<String, TypeLanes> types = new ConcurrentHashMap<>();
  private final Watchdog watchdog = new Watchdog();

  public FunctionBulkheads(WorkerConfig config) {
    this.config = config;
  }

  /**
   * A batch's results, handed to {@code receiver} in parts of at most {@code maxPartBytes} ({@link
   * BatchRun}).
   */
  public BatchRun batch(
      int size,
      Consumer<io.eventide.protocol.InvocationBatchPart> receiver,
      long heartbeatMillis,
      long maxPartBytes) {
    return new BatchRun(size, receiver, heartbeatMillis, maxPartBytes);
  }

  /** Watches {@code batch} for its parts and heartbeats, once every run of it was submitted. */
  public void watch(BatchRun batch) {
    watchdog.watch(batch);
  }

  /**
   * Runs the invocations {@code tasks} of function type {@code type}, batch indexes {@code offset}
   * and up, in parallel on up to the type's thread count of lanes ({@link LaneRun}). Each result
   * goes into {@code batch}: an invocation beyond the type's capacity (threads plus queue, counted
   * in invocations) gives {@code REJECTED}, a handler call past {@code timeout} {@code TIMEOUT}.
   *
   * @param onResult told of every result kept (metrics)
   */
  public void submitAll(
      String type,
      Duration timeout,
      BatchRun batch,
      int offset,
      List<InvocationTask> tasks,
      Consumer<InvocationResult> onResult) {
    TypeLanes lanes =
        types.computeIfAbsent(
            type,
            t ->
                new TypeLanes(
                    t,
                    config.maxConcurrentPerType(),
                    config.queueCapacity(),
                    config.maxBlockedPerType()));
    int admitted = 0;
    while (admitted < tasks.size() && lanes.tryAdmit()) {
      admitted++;
    }
    for (int i = admitted; i < tasks.size(); i++) {
      InvocationResult refused = rejected(type, tasks.get(i));
      batch.set(offset + i, refused, onResult);
    }
    if (admitted == 0) {
      return;
    }
    LaneRun run = new LaneRun(lanes, batch, offset, tasks.subList(0, admitted), timeout, onResult);
    run.start(Math.min(config.maxConcurrentPerType(), admitted), task -> rejected(type, task));
    watchdog.watch(run);
  }

  private InvocationResult rejected(String type, InvocationTask task) {
    return task.failed(
        FailureCode.REJECTED,
        type
            + " is at capacity ("
            + config.maxConcurrentPerType()
            + " running, "
            + config.queueCapacity()
            + " queued)",
        "");
  }

  /** Threads of {@code type} now blocked in handlers and replaced. */
  public int blockedThreads(String type) {
    TypeLanes lanes = types.get(type);
    return lanes == null ? 0 : lanes.blockedThreads();
  }

  /** Threads of every type now blocked in handlers and replaced. */
  public int blockedThreads() {
    int total = 0;
    for (TypeLanes lanes : types.values()) {
      total += lanes.blockedThreads();
    }
    return total;
  }

  /** Stops the watchdog and every type's threads, interrupting running handlers. */
  @Override
  public void close() {
    watchdog.close();
    types.values().forEach(TypeLanes::close);
    types.clear();
  }
}
