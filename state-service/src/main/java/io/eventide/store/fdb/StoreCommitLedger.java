package io.eventide.store.fdb;

import com.apple.foundationdb.tuple.Tuple;
import io.eventide.store.Keys;
import io.eventide.store.Transaction;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * The {@link CommitLedger} in the store, one key per logical commit under a subspace of its own:
 *
 * <pre>
 * subspace + (created-at-ms, uuid)  →  (attempt)
 * </pre>
 *
 * A random UUID makes the id unique without coordination; the creation time first makes ids sort by
 * age, so that expired ones are cleared with one range clear ({@link #sweep}). The subspace must
 * hold nothing else and start with a byte other than {@code 0xff}.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable.
 */
final class StoreCommitLedger implements CommitLedger {
  private final byte[] subspace;

  StoreCommitLedger(byte[] subspace) {
    this.subspace = subspace.clone();
  }

  /** A fresh id for a logical commit begun at {@code createdAtMillis} (wall-clock). */
  byte[] newId(long createdAtMillis, UUID uuid) {
    return Keys.concat(subspace, Tuple.from(createdAtMillis, uuid).pack());
  }

  @Override
  public OptionalInt lookup(Transaction tx, byte[] id) {
    byte[] value = tx.get(id);
    return value == null
        ? OptionalInt.empty()
        : OptionalInt.of((int) Tuple.fromBytes(value).getLong(0));
  }

  @Override
  public void record(Transaction tx, byte[] id, int attempt) {
    tx.addReadConflictRange(id, Keys.concat(id, new byte[] {0}));
    tx.set(id, Tuple.from(attempt).pack());
  }

  /** Clears, in {@code tx}, every id created before {@code cutoffMillis}. */
  void sweep(Transaction tx, long cutoffMillis) {
    tx.clearRange(subspace, Keys.concat(subspace, Tuple.from(cutoffMillis).pack()));
  }
}
