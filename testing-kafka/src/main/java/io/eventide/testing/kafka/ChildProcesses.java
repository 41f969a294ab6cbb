package io.eventide.testing.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ending a child process by pid and waiting for it, and choosing free ports for one.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless.
 */
final class ChildProcesses {
  private ChildProcesses() {}

  /**
   * Ends {@code handle}: SIGKILL when {@code forcibly}, else SIGTERM and SIGKILL if it is still
   * there after {@code patience}; returns once it is gone.
   */
  static void end(ProcessHandle handle, boolean forcibly, Duration patience) {
    if (forcibly) {
      handle.destroyForcibly();
    } else {
      handle.destroy();
      try {
        handle.onExit().get(patience.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        handle.destroyForcibly();
      } catch (InterruptedException e) {
        handle.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    try {
      handle.onExit().get(patience.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("pid " + handle.pid() + " did not exit", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for pid " + handle.pid(), e);
    }
  }

  /** A port free on 127.0.0.1 now (another process may take it before the child binds it). */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }
}
