package io.eventide.worker.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that looks at every batch and lane run in progress each {@link #TICK_MILLIS}: times
 * out handler calls past their deadline ({@link LaneRun#check}), and sends the finished part of
 * batches that take long, and heartbeats ({@link BatchRun#tick}). One periodic look at the few runs
 * in progress costs less than a timer per invocation, at hundreds of thousands of invocations a
 * second, and deadlines need no finer grain than the tick.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe.
 */
final class Watchdog implements AutoCloseable {
  static final long TICK_MILLIS = 20;
  private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);

  private final Set<BatchRun> batches = ConcurrentHashMap.newKeySet();
  private final Set<LaneRun> runs = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer;

  Watchdog() {
    ScheduledThreadPoolExecutor scheduler =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "eventide-worker-watchdog");
              thread.setDaemon(true);
              return thread;
            });
    this.timer = scheduler;
    timer.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  void watch(BatchRun batch) {
    if (!batch.isDone()) {
      batches.add(batch);
    }
  }

  void watch(LaneRun run) {
    if (!run.isDone()) {
      runs.add(run);
    }
  }

  private void tick() {
    try {
      long now = System.nanoTime();
      for (LaneRun run : runs) {
        run.check(now);
        if (run.isDone()) {
          runs.remove(run);
        }
      }
      for (BatchRun batch : batches) {
        batch.tick(now);
        if (batch.isDone()) {
          batches.remove(batch);
        }
      }
    } catch (RuntimeException e) {
      // A periodic task that throws is never run again: log, and look again at the next tick.
      LOG.error("worker watchdog failed a tick", e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
