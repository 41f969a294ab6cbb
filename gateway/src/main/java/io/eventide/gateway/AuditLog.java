package io.eventide.gateway;

import io.eventide.gateway.audit.AuditEntry;
import io.eventide.gateway.audit.AuditTrail;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where audit entries go: each is logged at once, as one JSON line on the logger {@value #LOGGER},
 * and, once {@link #keep} gave a trail, appended to the store by a writer thread ("eventide-audit")
 * in batches. The answer to the request does not wait for the store: a refused request costs its
 * client a log line and a place in a bounded queue, never a store round trip. A full queue (the
 * store slower than a flood of refusals) drops the entry from the store, not from the log, and says
 * how many it dropped.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe: {@link #record} from any thread; the queue is the only shared state.
 */
final class AuditLog implements AutoCloseable {
  /** The SLF4J logger every entry is written to, at INFO. */
  static final String LOGGER = "eventide.audit";

  /** Entries waiting for the store; past it they are dropped from the store. */
  static final int QUEUE = 10_000;

  private static final Logger AUDIT = LoggerFactory.getLogger(LOGGER);
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  private static final int BATCH = 1_000;
  private static final long CLOSE_WAIT_MILLIS = 10_000;

  private final BlockingQueue<AuditEntry> queue = new ArrayBlockingQueue<>(QUEUE);
  private final AtomicLong dropped = new AtomicLong();
  private volatile AuditTrail trail;
  private volatile boolean closed;
  private Thread writer;

  /** Writes the entries to {@code trail} as well from now on; once, before entries flow. */
  synchronized void keep(AuditTrail kept) {
    if (trail != null) {
      throw new IllegalStateException("the audit log keeps its entries in a trail already");
    }
    trail = kept;
    writer = new Thread(this::write, "eventide-audit");
    writer.setDaemon(true);
    writer.start();
  }

  /** Logs {@code entry} and queues it for the store. */
  void record(AuditEntry entry) {
    AUDIT.info(entry.json());
    if (trail != null && !closed && !queue.offer(entry)) {
      dropped.incrementAndGet();
    }
  }

  private void write() {
    List<AuditEntry> batch = new ArrayList<>(BATCH);
    while (true) {
      try {
        AuditEntry first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (closed) {
            return;
          }
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, BATCH - 1);
        trail.append(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warn(
            "{} audit entries could not be kept in the store (they are logged)", batch.size(), e);
      } finally {
        batch.clear();
      }
      long lost = dropped.getAndSet(0);
      if (lost > 0) {
        LOG.warn(
            "{} audit entries were not kept in the store: more than {} were waiting (they are logged)",
            lost,
            QUEUE);
      }
    }
  }

  /** Writes what is queued (waiting at most ten seconds), then stops the writer. */
  @Override
  public void close() {
    Thread running;
    synchronized (this) {
      closed = true;
      running = writer;
      writer = null;
    }
    if (running == null) {
      return;
    }
    try {
      running.join(CLOSE_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    running.interrupt();
  }
}
