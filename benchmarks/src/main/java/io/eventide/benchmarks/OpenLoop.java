package io.eventide.benchmarks;

import io.eventide.benchmarks.http.HttpPool;
import io.eventide.benchmarks.http.Request;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Sends requests at a fixed rate whatever the node's latency (an open loop) and records each
 * latency from the request's <em>scheduled</em> send time, so that a stall delays the requests
 * behind it and shows in their latency instead of silently lowering the rate (no coordinated
 * omission). Requests scheduled during the warm-up are sent but not recorded.
 *
 * <h2>Thread safety</h2>
 *
 * {@link #run} is called once; it schedules from the calling thread, and completions record into a
 * concurrent histogram and atomics from the HTTP client's I/O threads.
 */
final class OpenLoop {

  /**
   * What was measured after the warm-up; latencies are in microseconds, {@code statuses} counts the
   * answers by HTTP status (0 for a request that got none).
   */
  record Result(
      Histogram latencies,
      long ok,
      long errors,
      long measuredNanos,
      String firstError,
      CpuMeter cpu,
      Map<Integer, Long> statuses) {

    /** How many answers had {@code status}. */
    long count(int status) {
      return statuses.getOrDefault(status, 0L);
    }
  }

  private final HttpPool pool;
  private final int rate;
  private final LongFunction<Request> requests;
  private final ConcurrentHistogram latencies = new ConcurrentHistogram(3);
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong lastDone = new AtomicLong();
  private final AtomicReference<String> firstError = new AtomicReference<>();
  private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();

  OpenLoop(HttpPool pool, int rate, LongFunction<Request> requests) {
    this.pool = pool;
    this.rate = rate;
    this.requests = requests;
  }

  Result run(Duration warmup, Duration measured, Duration drainTimeout)
      throws InterruptedException {
    long warmupCount = warmup.toSeconds() * rate;
    long total = warmupCount + measured.toSeconds() * rate;
    double interval = 1e9 / rate;
    CountDownLatch done = new CountDownLatch(Math.toIntExact(total));
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
    CpuMeter cpu = null;
    for (long i = 0; i < total; i++) {
      if (i == warmupCount) {
        cpu = new CpuMeter(); // the generator's own cost once warm, without its JIT compiling
      }
      long scheduled = start + Math.round(i * interval);
      long wait = scheduled - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      boolean recorded = i >= warmupCount;
      pool.submit(requests.apply(i))
          .whenComplete(
              (response, error) -> {
                long now = System.nanoTime();
                if (recorded) {
                  statuses
                      .computeIfAbsent(error == null ? response.status() : 0, k -> new LongAdder())
                      .increment();
                  record(
                      scheduled,
                      now,
                      error == null && response.status() == 200,
                      error != null ? error.toString() : response.status() + " " + response.text());
                }
                done.countDown();
              });
    }
    if (!done.await(drainTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
      firstError.compareAndSet(
          null, done.getCount() + " requests unanswered after " + drainTimeout);
    }
    long measuredStart = start + Math.round(warmupCount * interval);
    return new Result(
        latencies.copy(),
        ok.get(),
        errors.get() + done.getCount(),
        lastDone.get() - measuredStart,
        firstError.get(),
        cpu != null ? cpu : new CpuMeter(),
        statuses.entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().sum())));
  }

  private void record(long scheduled, long now, boolean success, String detail) {
    latencies.recordValue(Math.max(0, (now - scheduled) / 1000));
    lastDone.accumulateAndGet(now, Math::max);
    if (success) {
      ok.incrementAndGet();
    } else {
      errors.incrementAndGet();
      firstError.compareAndSet(null, detail);
    }
  }
}
