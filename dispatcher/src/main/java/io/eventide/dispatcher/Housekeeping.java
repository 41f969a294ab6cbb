package io.eventide.dispatcher;

import io.eventide.dispatcher.api.Daemons;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * Runs the retention sweeps (expired idempotency keys, log egress records past their retention) on
 * one named thread, each every quarter of its retention (at least every 100 ms, at most every
 * minute), and only while {@code sweeps} says this process is the one that sweeps: the holder of
 * key group 0. A cluster so sweeps once, and the sweeper moves with that group's lease; a sweep
 * that runs twice around a hand-over only repeats deletes.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe; {@link #close()} stops the thread.
 */
final class Housekeeping implements AutoCloseable {
  private final ScheduledExecutorService timer = Daemons.scheduler("eventide-retention");
  private final BooleanSupplier sweeps;

  Housekeeping(BooleanSupplier sweeps) {
    this.sweeps = sweeps;
  }

  /** Runs {@code sweep} for a retention of {@code retention}, from now on. */
  void every(Duration retention, IntSupplier sweep) {
    long period = Math.max(100, Math.min(TimeUnit.MINUTES.toMillis(1), retention.toMillis() / 4));
    timer.scheduleWithFixedDelay(
        () -> {
          if (sweeps.getAsBoolean()) {
            sweep.getAsInt();
          }
        },
        period,
        period,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
