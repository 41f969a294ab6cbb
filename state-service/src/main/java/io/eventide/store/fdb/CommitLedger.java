package io.eventide.store.fdb;

import io.eventide.store.Transaction;
import java.util.OptionalInt;

/**
 * Where {@link FdbRunner} records, inside each attempt's own transaction, that the attempt carries
 * a logical commit's id, so that after {@code commit_unknown_result} a later attempt can tell
 * whether an earlier one was applied. {@link StoreCommitLedger} keeps it in the store.
 *
 * <h2>Thread safety</h2>
 *
 * Implementations are stateless or thread-safe; the transactions passed in are not.
 */
interface CommitLedger {
  /**
   * The attempt recorded under {@code id} as {@code tx} reads it, or empty. The read records a
   * conflict: if an attempt recording {@code id} is applied after {@code tx}'s read version, {@code
   * tx} cannot commit.
   */
  OptionalInt lookup(Transaction tx, byte[] id);

  /**
   * Records in {@code tx} that attempt {@code attempt} carries {@code id}. Also makes {@code tx}
   * conflict with any other attempt recording {@code id}, so that an earlier attempt still in
   * flight cannot be applied after this one.
   */
  void record(Transaction tx, byte[] id, int attempt);
}
