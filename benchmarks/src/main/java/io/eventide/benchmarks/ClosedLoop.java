package io.eventide.benchmarks;

import io.eventide.benchmarks.http.HttpPool;
import io.eventide.benchmarks.http.Request;
import io.eventide.benchmarks.http.Response;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;

/**
 * Sends requests {@code 0..total-1} with a fixed number in flight: each finished request starts the
 * next (a closed loop, measuring throughput, not latency). Answers 429 and 503 mean "not taken, try
 * later" and are retried after a short pause; any other failure is counted and reported, never
 * retried, since a retried send that was in fact accepted would count twice. A loop without a
 * natural end ({@code total} of {@link Long#MAX_VALUE}) is ended by {@link #stop}.
 *
 * <h2>Thread safety</h2>
 *
 * {@link #run} (or {@link #start} then {@link #await}) is called once, from one thread; {@link
 * #stop} from any. The loop's state is atomics touched from the HTTP client's I/O threads.
 */
final class ClosedLoop {

  /** What a loop achieved; {@code lastOkNanos} is a {@link System#nanoTime()} reading. */
  record Result(long ok, long failed, long retries, long lastOkNanos, String firstError) {}

  /**
   * Told of every request that ended, on an I/O thread, so must not block. Times are {@link
   * System#nanoTime()} readings; the first is the request's first try, so retries count.
   */
  interface Observer {
    void ended(long firstSentNanos, long endedNanos, boolean ok);
  }

  private static final int MAX_TRIES = 100;
  private static final long RETRY_MILLIS = 20;

  private final HttpPool pool;
  private final long total;
  private final int concurrency;
  private final LongFunction<Request> requests;
  private final Observer observer;
  private final AtomicLong next = new AtomicLong();
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong finished = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong lastOk = new AtomicLong();
  private final AtomicReference<String> firstError = new AtomicReference<>();
  // Each of the `concurrency` chains of requests retires when it finds no next one to send; the
  // last to retire means nothing is in flight any more.
  private final AtomicInteger activeChains = new AtomicInteger();
  private final CountDownLatch drained = new CountDownLatch(1);
  private volatile boolean stopping;
  private final ScheduledExecutorService retryTimer =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "loadgen-retry"));

  ClosedLoop(HttpPool pool, long total, int concurrency, LongFunction<Request> requests) {
    this(pool, total, concurrency, requests, (sent, ended, success) -> {});
  }

  ClosedLoop(
      HttpPool pool,
      long total,
      int concurrency,
      LongFunction<Request> requests,
      Observer observer) {
    this.pool = pool;
    this.total = total;
    this.concurrency = concurrency;
    this.requests = requests;
    this.observer = observer;
  }

  /** Sends all {@code total} requests and returns when they ended or {@code timeout} passed. */
  Result run(Duration timeout) throws InterruptedException {
    start();
    return await(timeout);
  }

  /** Sends the first {@code concurrency} requests and returns. */
  void start() {
    activeChains.set(concurrency);
    for (int i = 0; i < concurrency; i++) {
      startNext();
    }
  }

  /** Sends no more requests; {@link #await} then returns once those in flight have ended. */
  void stop() {
    stopping = true;
  }

  /** Waits until the loop has nothing in flight and nothing left to send, or {@code timeout}. */
  Result await(Duration timeout) throws InterruptedException {
    try {
      if (!drained.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        firstError.compareAndSet(
            null, "timed out after " + timeout + " with " + unfinished() + " outstanding");
      }
      return new Result(
          ok.get(), failed.get() + unfinished(), retries.get(), lastOk.get(), firstError.get());
    } finally {
      retryTimer.shutdownNow();
    }
  }

  private long unfinished() {
    long due = stopping ? Math.min(next.get(), total) : total;
    return due - finished.get();
  }

  private void startNext() {
    long index = stopping ? total : next.getAndIncrement();
    if (index < total) {
      attempt(index, 1, System.nanoTime());
    } else if (activeChains.decrementAndGet() == 0) {
      drained.countDown();
    }
  }

  private void attempt(long index, int tries, long firstSent) {
    pool.submit(requests.apply(index))
        .whenComplete(
            (response, error) -> {
              if (error == null && response.isSuccess()) {
                long now = System.nanoTime();
                ok.incrementAndGet();
                lastOk.accumulateAndGet(now, Math::max);
                observer.ended(firstSent, now, true);
              } else if (error == null && retryable(response) && tries < MAX_TRIES) {
                retries.incrementAndGet();
                retryTimer.schedule(
                    () -> attempt(index, tries + 1, firstSent),
                    RETRY_MILLIS,
                    TimeUnit.MILLISECONDS);
                return;
              } else {
                failed.incrementAndGet();
                firstError.compareAndSet(
                    null,
                    error != null
                        ? error.toString()
                        : "HTTP " + response.status() + " " + response.text());
                observer.ended(firstSent, System.nanoTime(), false);
              }
              finished.incrementAndGet();
              startNext();
            });
  }

  private static boolean retryable(Response response) {
    return response.status() == 429 || response.status() == 503;
  }
}
