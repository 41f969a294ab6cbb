package io.eventide.dispatcher.internal.dedup;

import io.eventide.store.TransactionRunner;
import io.eventide.store.keyspace.Keyspace;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets idempotency keys older than the retention, a page of records per transaction.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe; {@link #sweep} blocks on the store.
 */
public final class DedupExpiry {
  private static final Logger LOG = LoggerFactory.getLogger(DedupExpiry.class);
  private static final int PAGE = 1_000;

  private final DedupRecords records;
  private final TransactionRunner runner;
  private final long retentionMillis;
  private final LongSupplier clock;

  public DedupExpiry(
      Keyspace keyspace, TransactionRunner runner, Duration retention, LongSupplier clock) {
    this.records = new DedupRecords(keyspace);
    this.runner = runner;
    this.retentionMillis = retention.toMillis();
    this.clock = clock;
  }

  /** Removes every expired record, a page per transaction; returns how many it removed. */
  public int sweep() {
    long cutoff = clock.getAsLong() - retentionMillis;
    int total = 0;
    try {
      int removed;
      do {
        removed = runner.run(tx -> records.expire(tx, cutoff, PAGE));
        total += removed;
      } while (removed > 0);
    } catch (RuntimeException e) {
      LOG.warn("expiring idempotency keys failed; trying again at the next sweep", e);
    }
    return total;
  }
}
