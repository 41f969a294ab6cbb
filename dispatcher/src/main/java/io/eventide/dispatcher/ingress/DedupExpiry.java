package io.eventide.dispatcher.ingress;

import io.eventide.dispatcher.Daemons;
import io.eventide.store.TransactionRunner;
import io.eventide.store.keyspace.Keyspace;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets idempotency keys older than the retention, a page per transaction, on one named thread
 * that runs every quarter of the retention (at least every 100 ms, at most every minute).
 *
 * <h2>Thread safety</h2>
 * Thread-safe; {@link #close()} stops the thread.
 */
public final class DedupExpiry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DedupExpiry.class);
  private static final int PAGE = 1_000;

  private final DedupRecords records;
  private final TransactionRunner runner;
  private final long retentionMillis;
  private final ScheduledExecutorService timer = Daemons.scheduler("eventide-dedup-expiry");

  public DedupExpiry(Keyspace keyspace, TransactionRunner runner, Duration retention) {
    this.records = new DedupRecords(keyspace);
    this.runner = runner;
    this.retentionMillis = retention.toMillis();
  }

  public void start() {
    long period = Math.max(100, Math.min(TimeUnit.MINUTES.toMillis(1), retentionMillis / 4));
    timer.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
  }

  /** Removes every expired record, page by page; returns how many. */
  public int sweep() {
    long cutoff = System.currentTimeMillis() - retentionMillis;
    int total = 0;
    try {
      int removed;
      do {
        removed = runner.run(tx -> records.expire(tx, cutoff, PAGE));
        total += removed;
      } while (removed == PAGE);
    } catch (RuntimeException e) {
      LOG.warn("expiring idempotency keys failed; trying again at the next sweep", e);
    }
    return total;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
