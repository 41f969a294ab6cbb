package io.eventide.deploy;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The life of a server process: start, print the listening line, serve until SIGTERM/SIGINT (a JVM
 * shutdown hook closes what started), exit 0; or exit 1 with a one-line reason when it cannot
 * start.
 */
final class Serving {
  private static final Logger LOG = LoggerFactory.getLogger(Serving.class);

  /** What started, and the line that says where it listens. */
  record Started(AutoCloseable process, String listeningLine) {}

  private Serving() {}

  static int run(CommandSpec spec, String what, Supplier<Started> start)
      throws InterruptedException {
    Started started;
    try {
      started = start.get();
    } catch (RuntimeException e) {
      if (e instanceof picocli.CommandLine.ParameterException p) {
        throw p;
      }
      // The one-line reason is for the operator; the stack trace only helps when debugging.
      LOG.debug("{} failed to start", what, e);
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          "eventide: cannot start the "
              + what
              + ": "
              + (e.getMessage() != null ? e.getMessage() : e.toString()));
      err.flush();
      return 1;
    }
    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    LOG.info("shutting down");
                    started.process().close();
                    LOG.info("stopped");
                  } catch (Exception e) {
                    LOG.warn("shutdown failed", e);
                  } finally {
                    closed.countDown();
                  }
                },
                "eventide-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    out.println(started.listeningLine());
    out.flush();
    // The process runs on its own threads; this one only waits for the shutdown hook.
    while (!closed.await(1, TimeUnit.DAYS)) {
      LOG.debug("still serving");
    }
    return 0;
  }
}
