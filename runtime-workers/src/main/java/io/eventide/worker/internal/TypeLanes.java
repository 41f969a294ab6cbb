package io.eventide.worker.internal;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One function type's share of a worker: a Resilience4j {@link Bulkhead} that admits a bounded
 * number of invocations (threads plus queue), and the threads that run their lanes. A thread
 * blocked in a handler (waiting, sleeping, or past its timeout and abandoned) is replaced: the pool
 * grows by one until that thread leaves its lane, so the type keeps its number of lanes that do
 * work, up to a bound on how many blocked threads it may have.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe.
 */
final class TypeLanes implements AutoCloseable {
  private final String type;
  private final Bulkhead admission;
  private final ThreadPoolExecutor pool;
  private final int lanes;
  private final int maxBlocked;
  private final AtomicInteger blocked = new AtomicInteger();

  /**
   * @param lanes threads running at once when none is blocked
   * @param queue invocations admitted beyond those running
   * @param maxBlocked blocked threads replaced by fresh ones; beyond it they are not
   */
  TypeLanes(String type, int lanes, int queue, int maxBlocked) {
    this.type = type;
    this.lanes = lanes;
    this.maxBlocked = maxBlocked;
    this.admission =
        Bulkhead.of(
            "admission-" + type,
            BulkheadConfig.custom()
                .maxConcurrentCalls(lanes + queue)
                .maxWaitDuration(Duration.ZERO)
                .writableStackTraceEnabled(false)
                .build());
    // Lanes never outnumber admitted invocations, so the admission bound is the one that holds;
    // the queue only needs room for the lanes of the batches those invocations came in.
    this.pool =
        new ThreadPoolExecutor(
            lanes,
            lanes,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(queue + lanes),
            threads(type));
  }

  /**
   * Named daemon threads: a handler that never returns must not keep the JVM from exiting after the
   * worker closed.
   */
  private static ThreadFactory threads(String type) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread =
          new Thread(runnable, "eventide-handler-" + type + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  String type() {
    return type;
  }

  /** One admission permit, for one invocation; false at capacity. */
  boolean tryAdmit() {
    return admission.tryAcquirePermission();
  }

  /** Gives back a permit of {@link #tryAdmit}. */
  void release() {
    admission.onComplete();
  }

  /** Queues a lane; false when the queue is full or the worker closed. */
  boolean execute(Runnable lane) {
    try {
      pool.execute(lane);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /**
   * A lane's thread is blocked in a handler: a fresh thread takes its place, unless the type has
   * {@code maxBlocked} blocked already. True when it was replaced.
   */
  boolean replace() {
    if (blocked.incrementAndGet() > maxBlocked) {
      blocked.decrementAndGet();
      return false;
    }
    resize();
    return true;
  }

  /** A replaced thread returned from its handler and left its lane. */
  void returned() {
    blocked.decrementAndGet();
    resize();
  }

  /** Threads now blocked in handlers and replaced. */
  int blockedThreads() {
    return blocked.get();
  }

  private synchronized void resize() {
    int size = lanes + Math.max(0, blocked.get());
    if (pool.isShutdown()) {
      return;
    }
    // The core size may never exceed the maximum, so the order depends on the direction.
    if (size > pool.getMaximumPoolSize()) {
      pool.setMaximumPoolSize(size);
      pool.setCorePoolSize(size);
    } else {
      pool.setCorePoolSize(size);
      pool.setMaximumPoolSize(size);
    }
  }

  /** Interrupts every running handler; threads stuck in one are daemons and left to the JVM. */
  @Override
  public void close() {
    pool.shutdownNow();
  }
}
