package io.eventide.worker.internal;

import io.eventide.protocol.InvocationResult;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The invocations of one function type in one batch, run by a few lanes (tasks on the type's
 * threads) that each take the next invocation not yet taken until none is left. A batch carries
 * thousands of invocations of a few messages each: one task and future per invocation cost a
 * quarter of a worker thread, for handlers that run in a microsecond. Taking work from a shared
 * counter, rather than splitting it up front, keeps a lane stuck on a slow handler from holding
 * back the invocations behind it.
 *
 * <p>The watchdog ({@link #check}) keeps blocked and stuck handlers to themselves:
 *
 * <ul>
 *   <li>A lane whose handler call has run for {@link #SLOW_NANOS} while its thread used less than
 *       half a core (it waits, sleeps or is stuck) is replaced by a new lane on a fresh thread
 *       ({@link TypeLanes#replace}), so the other keys of its type do not wait for it; it leaves
 *       once its call returns. A handler busy computing is not replaced: more threads than cores
 *       would not make it faster.
 *   <li>A handler call past its timeout answers its invocation {@code TIMEOUT} with what it
 *       finished, and its thread is interrupted and abandoned (replaced, if it was not yet).
 *   <li>Invocations that no lane could take within the timeout (every thread of the type blocked,
 *       and the type at its bound of replacements) are answered {@code TIMEOUT} too.
 * </ul>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe: lanes, the watchdog and the submitting thread complete invocations concurrently; the
 * first result of an invocation stands ({@link BatchRun#set}).
 */
final class LaneRun {
  private static final Logger LOG = LoggerFactory.getLogger(LaneRun.class);

  /** How long a handler call runs before the watchdog looks at whether its thread is blocked. */
  static final long SLOW_NANOS = 100_000_000L;

  /** Over how long the watchdog measures a slow call's CPU use. */
  static final long SAMPLE_NANOS = 100_000_000L;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final TypeLanes type;
  private final BatchRun batch;

  /** The batch index of {@code tasks.get(0)}: a run is a contiguous slice of its batch. */
  private final int offset;

  private final List<InvocationTask> tasks;
  private final long timeoutNanos;
  private final String timeoutText;
  private final Consumer<InvocationResult> onResult;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger unanswered;
  private final Set<Lane> running = ConcurrentHashMap.newKeySet();

  /** When a lane last took or finished an invocation, or the run started. */
  private volatile long lastProgressNanos = System.nanoTime();

  /** One admission permit per task, given back once, whoever finishes it. */
  private final AtomicBoolean[] permits;

  /**
   * @param tasks invocations, each admitted with one permit of {@code type}
   * @param onResult told of each result kept (metrics)
   */
  LaneRun(
      TypeLanes type,
      BatchRun batch,
      int offset,
      List<InvocationTask> tasks,
      java.time.Duration timeout,
      Consumer<InvocationResult> onResult) {
    this.type = type;
    this.batch = batch;
    this.offset = offset;
    this.tasks = tasks;
    this.timeoutNanos = timeout.toNanos();
    this.timeoutText = type.type() + " did not return within " + timeout;
    this.onResult = onResult;
    this.unanswered = new AtomicInteger(tasks.size());
    this.permits = new AtomicBoolean[tasks.size()];
    for (int i = 0; i < permits.length; i++) {
      permits[i] = new AtomicBoolean(true);
    }
  }

  /**
   * Starts up to {@code lanes} lanes; the invocations none can take are answered by {@code
   * refused}.
   */
  void start(int lanes, java.util.function.Function<InvocationTask, InvocationResult> refused) {
    int started = 0;
    for (int i = 0; i < lanes && type.execute(new Lane()); i++) {
      started++;
    }
    if (started == 0) {
      for (int i = next.getAndIncrement(); i < tasks.size(); i = next.getAndIncrement()) {
        set(i, refused.apply(tasks.get(i)));
        releasePermit(i);
      }
    }
  }

  boolean isDone() {
    return unanswered.get() == 0;
  }

  /**
   * The watchdog's turn: replaces lanes blocked in a handler, answers {@code TIMEOUT} for every
   * handler call past its timeout, and for the invocations no lane took within the timeout.
   */
  void check(long nowNanos) {
    for (Lane lane : running) {
      int i = lane.current;
      if (i < 0 || lane.abandoned) {
        continue;
      }
      InvocationTask task = tasks.get(i);
      if (task.overdue(nowNanos)) {
        abandon(lane, i);
      } else if (!lane.replaced
          && task.runningFor(nowNanos) > SLOW_NANOS
          && lane.blocked(nowNanos)) {
        replace(lane);
      }
    }
    if (next.get() < tasks.size() && noLaneWorks() && nowNanos - lastProgressNanos > timeoutNanos) {
      String why =
          "no thread of " + type.type() + " was free within the timeout: its handlers are stuck";
      for (int i = next.getAndIncrement(); i < tasks.size(); i = next.getAndIncrement()) {
        set(i, tasks.get(i).failed(FailureCode.TIMEOUT, why, ""));
        releasePermit(i);
      }
    }
  }

  private boolean noLaneWorks() {
    for (Lane lane : running) {
      if (!lane.replaced && !lane.abandoned) {
        return false;
      }
    }
    return true;
  }

  /** Sets a blocked lane aside: it leaves after its call, and a new lane takes the rest. */
  private void replace(Lane lane) {
    if (type.replace()) {
      lane.replaced = true;
      if (next.get() < tasks.size()) {
        type.execute(new Lane());
      }
    }
  }

  private void abandon(Lane lane, int i) {
    InvocationTask task = tasks.get(i);
    if (!set(i, task.failed(FailureCode.TIMEOUT, timeoutText, ""))) {
      return; // it returned just now
    }
    lane.abandoned = true;
    task.abandon();
    releasePermit(i);
    LOG.warn(
        "a handler of {} for {} did not return within its timeout; its thread is abandoned",
        type.type(),
        task.target());
    if (!lane.replaced) {
      replace(lane);
    }
  }

  private boolean set(int i, InvocationResult result) {
    if (!batch.set(offset + i, result, onResult)) {
      return false;
    }
    unanswered.decrementAndGet();
    return true;
  }

  private void releasePermit(int i) {
    if (permits[i].getAndSet(false)) {
      type.release();
    }
  }

  private static InvocationResult call(InvocationTask task) {
    try {
      return task.call();
    } catch (RuntimeException e) {
      // InvocationTask turns handler failures into results, so this is a bug of ours.
      LOG.error("invocation of {} failed unexpectedly", task.target(), e);
      return task.failed(
          FailureCode.HANDLER_ERROR, String.valueOf(e.getMessage()), e.getClass().getName());
    }
  }

  /**
   * One lane: runs the invocations nobody has taken yet, one after the other, until there are none
   * or it was replaced or abandoned.
   */
  private final class Lane implements Runnable {
    /** The task index this lane runs, or -1. */
    volatile int current = -1;

    /** A new lane took its place: it leaves after its current call. */
    volatile boolean replaced;

    /** Its current call timed out and was given up. */
    volatile boolean abandoned;

    private volatile Thread thread;

    /** The call and the thread's CPU time when the watchdog started measuring; 0: not measuring. */
    private long sampledAt;

    private long cpuAtSample;
    private int sampledTask = -1;

    @Override
    public void run() {
      thread = Thread.currentThread();
      running.add(this);
      try {
        while (!replaced && !abandoned) {
          int i = next.getAndIncrement();
          if (i >= tasks.size()) {
            return;
          }
          lastProgressNanos = System.nanoTime();
          try {
            if (!batch.hasResult(offset + i)) {
              current = i;
              InvocationResult result = call(tasks.get(i));
              current = -1;
              set(i, result);
            }
          } finally {
            if (!abandoned) {
              releasePermit(i);
            }
            lastProgressNanos = System.nanoTime();
          }
        }
      } finally {
        running.remove(this);
        if (replaced) {
          type.returned();
        }
      }
    }

    /**
     * Whether the thread used less than half a core since the watchdog started measuring this call;
     * the first look only starts the measure. Watchdog thread only.
     */
    boolean blocked(long nowNanos) {
      Thread running = thread;
      long cpu =
          running == null || !THREADS.isThreadCpuTimeSupported()
              ? -1
              : THREADS.getThreadCpuTime(running.getId());
      if (sampledTask != current || sampledAt == 0) {
        sampledTask = current;
        sampledAt = nowNanos;
        cpuAtSample = cpu;
        return false;
      }
      if (nowNanos - sampledAt < SAMPLE_NANOS) {
        return false;
      }
      boolean idle = cpu < 0 || cpuAtSample < 0 || (cpu - cpuAtSample) * 2 < nowNanos - sampledAt;
      sampledAt = nowNanos;
      cpuAtSample = cpu;
      return idle;
    }
  }
}
