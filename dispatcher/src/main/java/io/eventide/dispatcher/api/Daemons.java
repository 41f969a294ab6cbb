package io.eventide.dispatcher.api;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The background schedulers of a process (lease rounds, heartbeats, retries, refreshes): one daemon
 * thread each, named so a thread dump says what it is, and never keeping the JVM alive past its
 * shutdown hook.
 *
 * <pre>{@code
 * ScheduledExecutorService heartbeats = Daemons.scheduler("eventide-heartbeat");
 * }</pre>
 */
public final class Daemons {
  private Daemons() {}

  /** A single-thread scheduler whose daemon thread is called {@code threadName}. */
  public static ScheduledExecutorService scheduler(String threadName) {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread thread = new Thread(r, threadName);
          thread.setDaemon(true);
          return thread;
        });
  }
}
