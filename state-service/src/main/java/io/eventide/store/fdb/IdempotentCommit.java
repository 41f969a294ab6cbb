package io.eventide.store.fdb;

import io.eventide.store.StoreException;
import io.eventide.store.StoreException.Code;
import io.eventide.store.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * The attempts of one logical commit run by {@link FdbRunner}, and the decisions that keep it from
 * being applied twice.
 *
 * <ul>
 *   <li>Every attempt that runs the body records the commit's id in its own transaction ({@link
 *       CommitLedger#record}).
 *   <li>Once an attempt has recorded the id, its commit may have been applied even though it was
 *       reported as failed ({@code COMMIT_UNKNOWN}), so every later attempt first looks the id up
 *       in its transaction: found, the attempt it names was applied, and that attempt's result is
 *       the answer, with nothing written again; absent, no attempt was applied as of this read
 *       version, and the body runs again.
 * </ul>
 *
 * The look-up also follows failures known not to have been applied ({@code CONFLICT}, {@code
 * TOO_OLD}); it costs one point read per retry, and lets the runner retry through the plain {@link
 * io.eventide.store.TransactionRunner}, which does not say how an attempt failed.
 *
 * <p>The look-up and the record both conflict with any other attempt writing the id, so an earlier
 * attempt whose commit lands late cannot be applied beside a later one: whichever commits second
 * fails {@code CONFLICT}, and its retry then finds the id.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe. Attempts run one after another (the retry chain orders them, with happens-before
 * through its futures), possibly on different threads.
 */
final class IdempotentCommit<T> {
  private final CommitLedger ledger;
  private final byte[] id;
  // Results of the attempts that ran the body, attempt n at index n - 1.
  private final List<T> results = new ArrayList<>();

  IdempotentCommit(CommitLedger ledger, byte[] id) {
    this.ledger = ledger;
    this.id = id.clone();
  }

  /**
   * Runs one attempt in {@code tx}: the result of an earlier attempt found applied (leaving {@code
   * tx} without writes), or the body's, with the id recorded.
   */
  T attempt(Transaction tx, Function<? super Transaction, ? extends T> body) {
    if (!results.isEmpty()) {
      OptionalInt applied = ledger.lookup(tx, id);
      if (applied.isPresent()) {
        return resultOf(applied.getAsInt());
      }
    }
    T value = body.apply(tx);
    results.add(value);
    ledger.record(tx, id, results.size());
    return value;
  }

  private T resultOf(int attempt) {
    if (attempt < 1 || attempt > results.size()) {
      throw new StoreException(
          Code.IO,
          "commit id recorded by attempt "
              + attempt
              + ", but only "
              + results.size()
              + " attempts ran");
    }
    return results.get(attempt - 1);
  }
}
