package io.eventide.benchmarks;

import io.eventide.benchmarks.http.HttpPool;
import io.eventide.benchmarks.http.Request;
import io.eventide.benchmarks.http.Response;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;

/**
 * Sends requests {@code 0..total-1} with a fixed number in flight: each finished request starts
 * the next (a closed loop, measuring throughput, not latency). Answers 429 and 503 mean "not
 * taken, try later" and are retried after a short pause; any other failure is counted and
 * reported, never retried, since a retried send that was in fact accepted would count twice.
 *
 * <h2>Thread safety</h2>
 * {@link #run} is called once, from one thread; the loop's state is atomics touched from the
 * HTTP client's I/O threads.
 */
final class ClosedLoop {

  /** What a loop achieved; {@code lastOkNanos} is a {@link System#nanoTime()} reading. */
  record Result(long ok, long failed, long retries, long lastOkNanos, String firstError) {}

  private static final int MAX_TRIES = 100;
  private static final long RETRY_MILLIS = 20;

  private final HttpPool pool;
  private final long total;
  private final int concurrency;
  private final LongFunction<Request> requests;
  private final AtomicLong next = new AtomicLong();
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong lastOk = new AtomicLong();
  private final AtomicReference<String> firstError = new AtomicReference<>();
  private final CountDownLatch done;
  private final ScheduledExecutorService retryTimer = Executors.newSingleThreadScheduledExecutor(
      r -> new Thread(r, "loadgen-retry"));

  ClosedLoop(HttpPool pool, long total, int concurrency, LongFunction<Request> requests) {
    this.pool = pool;
    this.total = total;
    this.concurrency = concurrency;
    this.requests = requests;
    this.done = new CountDownLatch(Math.toIntExact(total));
  }

  Result run(Duration timeout) throws InterruptedException {
    try {
      for (int i = 0; i < concurrency; i++) {
        startNext();
      }
      if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        firstError.compareAndSet(null, "timed out after " + timeout + " with " + done.getCount() + " outstanding");
      }
      return new Result(ok.get(), failed.get() + done.getCount(), retries.get(), lastOk.get(), firstError.get());
    } finally {
      retryTimer.shutdownNow();
    }
  }

  private void startNext() {
    long index = next.getAndIncrement();
    if (index < total) {
      attempt(index, 1);
    }
  }

  private void attempt(long index, int tries) {
    pool.submit(requests.apply(index)).whenComplete((response, error) -> {
      if (error == null && response.isSuccess()) {
        ok.incrementAndGet();
        lastOk.accumulateAndGet(System.nanoTime(), Math::max);
      } else if (error == null && retryable(response) && tries < MAX_TRIES) {
        retries.incrementAndGet();
        retryTimer.schedule(() -> attempt(index, tries + 1), RETRY_MILLIS, TimeUnit.MILLISECONDS);
        return;
      } else {
        failed.incrementAndGet();
        firstError.compareAndSet(null, error != null ? error.toString()
            : "HTTP " + response.status() + " " + response.text());
      }
      done.countDown();
      startNext();
    });
  }

  private static boolean retryable(Response response) {
    return response.status() == 429 || response.status() == 503;
  }
}
