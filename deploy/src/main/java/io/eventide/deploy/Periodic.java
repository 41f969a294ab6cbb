package io.eventide.deploy;

import io.eventide.dispatcher.api.Daemons;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background task of a process, on a daemon thread of its own; a failed run is logged and
 * retried.
 */
final class Periodic {
  private static final Logger LOG = LoggerFactory.getLogger(Periodic.class);

  /** How long a deployment made through one process takes to reach the others of a cluster. */
  static final Duration DEPLOYMENT_REFRESH = Duration.ofSeconds(2);

  private Periodic() {}

  /** Runs {@code task} every {@code interval}, the first time after one interval; close to stop. */
  static AutoCloseable every(String name, Duration interval, Runnable task) {
    ScheduledExecutorService scheduler = Daemons.scheduler("eventide-" + name);
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            LOG.warn("{} failed; trying again in {}", name, interval, e);
          }
        },
        interval.toMillis(),
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
    return scheduler::shutdownNow;
  }
}
