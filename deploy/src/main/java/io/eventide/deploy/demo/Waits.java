package io.eventide.deploy.demo;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Bounded polling for the demo, which watches asynchronous effects land over HTTP. */
final class Waits {
  private static final long POLL_MILLIS = 50;

  private Waits() {}

  /**
   * Polls {@code probe} until it yields a value, or fails naming {@code what} after {@code
   * timeout}.
   */
  static <T> T until(String what, Duration timeout, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      if (System.nanoTime() > deadline) {
        throw new DemoFailure("timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DemoFailure("interrupted while waiting for " + what);
      }
    }
  }
}
