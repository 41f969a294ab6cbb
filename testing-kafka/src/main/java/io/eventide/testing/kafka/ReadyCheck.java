package io.eventide.testing.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Waits until a starting node has registered as a broker (it then appears in describeCluster), or
 * fails as soon as its process exits.
 *
 * <h2>Thread safety</h2>
 *
 * For one thread.
 */
final class ReadyCheck {
  private static final int ATTEMPT_MS = 1_000;

  private final Admin admin;
  private final Process process;
  private final Path logFile;

  ReadyCheck(Admin admin, Process process, Path logFile) {
    this.admin = admin;
    this.process = process;
    this.logFile = logFile;
  }

  void await(Duration deadline) {
    long until = System.nanoTime() + deadline.toNanos();
    Exception last = null;
    while (System.nanoTime() < until) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the broker exited with " + process.exitValue() + " while starting; see " + logFile);
      }
      try {
        // Each attempt waits up to ATTEMPT_MS inside the client, so this loop does not spin.
        if (!admin
            .describeCluster(new DescribeClusterOptions().timeoutMs(ATTEMPT_MS))
            .nodes()
            .get()
            .isEmpty()) {
          return;
        }
      } catch (ExecutionException e) {
        last = e;
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for the broker", e);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException(
        "the broker did not answer within " + deadline + "; see " + logFile, last);
  }
}
