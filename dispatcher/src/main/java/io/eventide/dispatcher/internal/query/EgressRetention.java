package io.eventide.dispatcher.internal.query;

import io.eventide.store.TransactionRunner;
import io.eventide.store.keyspace.Keyspace;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trims log egresses, {@code dead-letters} included, to their retention: each {@link #sweep} writes
 * a time mark and removes every egress's records older than the retention, one small transaction
 * per egress whatever the number of records ({@link OutboxTrims}). A reader asking for a trimmed
 * offset is told ({@link StoreReads#egress}).
 *
 * <pre>{@code
 * EgressRetention retention = new EgressRetention(keyspace, runner, Duration.ofDays(7), System::currentTimeMillis);
 * retention.sweep(); // now and then, in one process of the cluster
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe; {@link #sweep} blocks on the store.
 */
public final class EgressRetention {
  private static final Logger LOG = LoggerFactory.getLogger(EgressRetention.class);

  private final OutboxTrims trims;
  private final TransactionRunner runner;
  private final long retentionMillis;
  private final LongSupplier clock;

  public EgressRetention(
      Keyspace keyspace, TransactionRunner runner, Duration retention, LongSupplier clock) {
    this.trims = new OutboxTrims(keyspace);
    this.runner = runner;
    this.retentionMillis = retention.toMillis();
    this.clock = clock;
  }

  /** Marks the time and trims what is past the retention; returns how many egresses it trimmed. */
  public int sweep() {
    int trimmed = 0;
    try {
      long version = runner.run(tx -> trims.mark(tx, clock, retentionMillis));
      if (version < 0) {
        return 0; // no mark is older than the retention yet: nothing is known to be
      }
      String after = null;
      while (true) {
        String from = after;
        OutboxTrims.Head head =
            runner.run(
                tx -> {
                  OutboxTrims.Head next = trims.nextEgress(tx.snapshot(), from);
                  if (next != null && next.oldestVersion() <= version) {
                    trims.trim(tx, next.egress(), version);
                  }
                  return next;
                });
        if (head == null) {
          return trimmed;
        }
        trimmed += head.oldestVersion() <= version ? 1 : 0;
        after = head.egress();
      }
    } catch (RuntimeException e) {
      LOG.warn("trimming log egresses failed; trying again at the next sweep", e);
      return trimmed;
    }
  }
}
