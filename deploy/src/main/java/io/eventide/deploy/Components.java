package io.eventide.deploy;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a process started, closed in reverse order: whatever started last depends on what started
 * before it (HTTP on the dispatcher, the dispatcher on the store).
 *
 * <h2>Thread safety</h2>
 *
 * {@link #close()} is synchronized and idempotent.
 */
final class Components implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Components.class);

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private boolean closed;

  /** Records {@code component} as started and returns it. */
  synchronized <T extends AutoCloseable> T add(T component) {
    started.push(component);
    return component;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    while (!started.isEmpty()) {
      AutoCloseable component = started.pop();
      try {
        component.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        LOG.warn("failed to stop {}", component, e);
      }
    }
  }
}
