package io.eventide.store.fdb;

import com.apple.foundationdb.tuple.Tuple;
import io.eventide.store.Limits;
import io.eventide.store.TransactionRunner;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Settings of {@link FdbRunner}.
 *
 * @param retry attempts, backoff and how long to wait for one commit, as for {@link
 *     TransactionRunner}; its {@code idempotent} flag is ignored (set), since the runner makes
 *     every commit safe to retry
 * @param idSubspace where commit ids live (see {@link StoreCommitLedger}); must hold nothing else.
 *     The default, {@code ("eventide-commit-ids")}, lies outside every {@code ("eventide",
 *     cluster)} keyspace
 * @param idRetention how long a commit id is kept; at least twice the longest a logical commit can
 *     keep retrying ({@link #longestRun}), so that no retry can miss the id of an attempt that was
 *     applied. Ids are dated by each process's wall clock: clocks must agree to well within this
 * @param sweepInterval how often expired ids are cleared; {@link Duration#ZERO} never
 * @param wallClock milliseconds since the epoch, for dating and expiring ids
 */
public record FdbRunnerOptions(
    TransactionRunner.Config retry,
    byte[] idSubspace,
    Duration idRetention,
    Duration sweepInterval,
    LongSupplier wallClock) {

  public FdbRunnerOptions {
    if (retry == null || wallClock == null || idRetention == null || sweepInterval == null) {
      throw new IllegalArgumentException(
          "retry, idRetention, sweepInterval and wallClock are required");
    }
    if (idSubspace == null || idSubspace.length == 0 || idSubspace[0] == (byte) 0xff) {
      throw new IllegalArgumentException("idSubspace must be non-empty and not start with 0xff");
    }
    Duration longestRun = longestRun(retry);
    if (idRetention.compareTo(longestRun.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException(
          "idRetention " + idRetention + " must be at least twice the longest run, " + longestRun);
    }
    if (sweepInterval.isNegative()) {
      throw new IllegalArgumentException("sweepInterval " + sweepInterval + " must be ≥ 0");
    }
    idSubspace = idSubspace.clone();
  }

  public static FdbRunnerOptions defaults() {
    return new FdbRunnerOptions(
        TransactionRunner.Config.defaults().withIdempotent(true),
        Tuple.from("eventide-commit-ids").pack(),
        Duration.ofHours(1),
        Duration.ofMinutes(1),
        System::currentTimeMillis);
  }

  /**
   * The longest a logical commit can keep retrying: every attempt's transaction, commit wait and
   * backoff.
   */
  public static Duration longestRun(TransactionRunner.Config retry) {
    Duration attempt =
        retry.commitTimeout().plus(retry.maxBackoff()).plusMillis(Limits.MAX_TRANSACTION_MILLIS);
    return attempt.multipliedBy(retry.maxAttempts());
  }

  @Override
  public byte[] idSubspace() {
    return idSubspace.clone();
  }

  public FdbRunnerOptions withRetry(TransactionRunner.Config value) {
    return new FdbRunnerOptions(value, idSubspace, idRetention, sweepInterval, wallClock);
  }

  public FdbRunnerOptions withSweepInterval(Duration value) {
    return new FdbRunnerOptions(retry, idSubspace, idRetention, value, wallClock);
  }

  public FdbRunnerOptions withWallClock(LongSupplier value) {
    return new FdbRunnerOptions(retry, idSubspace, idRetention, sweepInterval, value);
  }
}
