package io.eventide.dispatcher.internal.query;

import io.eventide.store.TransactionRunner;
import io.eventide.store.keyspace.ExpiredStateSweep;
import io.eventide.store.keyspace.Keyspace;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes expired state (values, map entries and list elements whose spec has a TTL) from the store
 * in the background: each run a bounded number of small transactions, going on where the last run
 * stopped. Handlers and the state queries never see expired state anyway; this frees its space.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe: run from the one housekeeping thread; {@link #sweep} blocks on the store.
 */
public final class StateExpiry {
  private static final Logger LOG = LoggerFactory.getLogger(StateExpiry.class);

  /** How often it runs: as a retention of four times this ({@code Housekeeping}). */
  public static final Duration PERIOD = Duration.ofSeconds(1);

  /** Transactions per run: at most this many times 512 rows read a second. */
  static final int TRANSACTIONS_PER_RUN = 8;

  /**
   * How long past its expiry an item is left: the handlers of another node whose clock lags this
   * one's by less must not find missing what they still see alive.
   */
  static final Duration GRACE = Duration.ofSeconds(2);

  /**
   * The least time from the start of one pass over the keyspace to the start of the next: a store
   * with little state is not read over and over.
   */
  static final Duration PASS_INTERVAL = Duration.ofSeconds(10);

  private final ExpiredStateSweep sweep;
  private long passStarted = Long.MIN_VALUE;

  public StateExpiry(Keyspace keyspace, TransactionRunner runner) {
    this.sweep =
        new ExpiredStateSweep(keyspace, runner, System::currentTimeMillis, GRACE.toMillis());
  }

  /** One run; returns how many items it removed. */
  public int sweep() {
    try {
      if (sweep.atStart()) {
        long now = System.nanoTime();
        if (passStarted != Long.MIN_VALUE && now - passStarted < PASS_INTERVAL.toNanos()) {
          return 0;
        }
        passStarted = now;
      }
      return sweep.sweep(TRANSACTIONS_PER_RUN);
    } catch (RuntimeException e) {
      LOG.warn("removing expired state failed; trying again at the next run", e);
      return 0;
    }
  }
}
