package io.eventide.sdk.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a driver's handler calls one at a time on a thread of their own, so that a call past its
 * handler timeout fails as it would on the platform ({@code TIMEOUT}) instead of hanging the test.
 * A thread left to a call that does not return when interrupted is abandoned (it is a daemon) and
 * the next call gets a fresh one.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe; owned by one driver, whose calls come one at a time.
 */
final class HandlerThread {
  /** A handler call ran past its timeout. */
  static final class TimedOut extends Exception {
    private static final long serialVersionUID = 1L;

    TimedOut(String type, Duration timeout) {
      super(type + " did not return within " + timeout); // as the platform says it
    }
  }

  private ExecutorService thread = newThread();

  /**
   * Runs {@code call} within {@code timeout}; throws what it threw (an {@link Error} as it is), or
   * {@link TimedOut}.
   */
  <T> T run(Callable<T> call, String type, Duration timeout) throws Exception {
    Future<T> result = thread.submit(call);
    try {
      return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      result.cancel(true);
      thread.shutdownNow();
      thread = newThread();
      throw new TimedOut(type, timeout);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Error error) {
        throw error;
      }
      throw (Exception) cause;
    }
  }

  private static ExecutorService newThread() {
    return Executors.newSingleThreadExecutor(
        runnable -> {
          Thread thread = new Thread(runnable, "eventide-test-handler");
          thread.setDaemon(true);
          return thread;
        });
  }
}
