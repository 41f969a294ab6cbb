package io.eventide.dispatcher.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Timeouts for the futures callers wait on, as {@link CompletableFuture#orTimeout}, without a
 * scheduled task per future.
 *
 * <p>{@code orTimeout} schedules a task per future on one shared delay queue; a call answered
 * within a millisecond then leaves that queue empty, so the next call's task is its head again and
 * wakes the scheduler's thread: one wake-up per call, on two cores one more thread wanting a core
 * on the call's path. Here deadlines are rounded up to a granularity, and the futures whose
 * deadlines round to the same instant share one task, scheduled behind the earlier ones: at a
 * steady rate the scheduler wakes once per granule at most, whatever the number of calls.
 *
 * <p>A future fails with {@link TimeoutException} at its deadline, late by at most its granule: 10
 * ms for timeouts up to 10 s, 1 s up to 1,000 s, 10 s beyond. Completing it otherwise removes it at
 * once, so nothing it holds outlives it.
 *
 * <pre>{@code
 * CompletableFuture<String> reply = Deadlines.orTimeout(new CompletableFuture<>(), Duration.ofSeconds(5));
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe.
 */
public final class Deadlines {
  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final ScheduledExecutorService TIMER = Daemons.scheduler("eventide-deadlines");

  /** Pending buckets by their deadline (System.nanoTime), each rounded up to its granule. */
  private static final ConcurrentHashMap<Long, Bucket> BUCKETS = new ConcurrentHashMap<>();

  private Deadlines() {}

  /**
   * Fails {@code future} with a {@link TimeoutException} if it is not complete within {@code
   * timeout} (late by at most the granule); returns {@code future}.
   */
  public static <T> CompletableFuture<T> orTimeout(CompletableFuture<T> future, Duration timeout) {
    if (future.isDone()) {
      return future;
    }
    long granule = granuleNanos(timeout);
    long deadline = (Math.floorDiv(System.nanoTime() + timeout.toNanos(), granule) + 1) * granule;
    Bucket bucket = BUCKETS.computeIfAbsent(deadline, Deadlines::schedule);
    if (bucket.add(future)) {
      future.whenComplete((result, error) -> bucket.remove(future));
    } else {
      future.completeExceptionally(new TimeoutException()); // its bucket's deadline has passed
    }
    return future;
  }

  /** How late a {@code timeout} may fire: 10 ms up to 10 s, 1 s up to 1,000 s, 10 s beyond. */
  static long granuleNanos(Duration timeout) {
    if (timeout.compareTo(Duration.ofSeconds(10)) <= 0) {
      return TICK_NANOS;
    }
    return TimeUnit.SECONDS.toNanos(timeout.compareTo(Duration.ofSeconds(1_000)) <= 0 ? 1 : 10);
  }

  /** Futures waiting for a deadline (for tests: completed ones must not be held). */
  static int waiting() {
    return BUCKETS.values().stream().mapToInt(Bucket::size).sum();
  }

  private static Bucket schedule(long deadline) {
    TIMER.schedule(
        () -> {
          // Found: a task due at once waits for computeIfAbsent to have put its bucket.
          Bucket due = BUCKETS.remove(deadline);
          if (due != null) {
            due.expire();
          }
        },
        deadline - System.nanoTime(),
        TimeUnit.NANOSECONDS);
    return new Bucket();
  }

  /** The futures of one deadline; once expired it takes no more. */
  private static final class Bucket {
    private final Set<CompletableFuture<?>> members = new HashSet<>();
    private boolean expired;

    synchronized boolean add(CompletableFuture<?> future) {
      if (expired) {
        return false;
      }
      members.add(future);
      return true;
    }

    synchronized void remove(CompletableFuture<?> future) {
      members.remove(future);
    }

    synchronized int size() {
      return members.size();
    }

    void expire() {
      List<CompletableFuture<?>> due;
      synchronized (this) {
        expired = true;
        due = new ArrayList<>(members);
        members.clear();
      }
      // Outside the lock: completing runs the futures' dependent stages.
      due.forEach(future -> future.completeExceptionally(new TimeoutException()));
    }
  }
}
