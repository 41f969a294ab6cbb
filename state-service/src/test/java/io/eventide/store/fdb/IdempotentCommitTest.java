package io.eventide.store.fdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.store.StoreException;
import io.eventide.store.StoreException.Code;
import io.eventide.store.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The retry decisions of one logical commit, against an in-memory ledger. The decisions never touch
 * the transaction themselves (only the ledger and the body do), so none is needed.
 */
class IdempotentCommitTest {
  private static final byte[] ID = {1, 2, 3};
  private static final Transaction NO_TX = null;

  private final MemoryLedger ledger = new MemoryLedger();
  private final IdempotentCommit<String> commit = new IdempotentCommit<>(ledger, ID);
  private final AtomicInteger bodyRuns = new AtomicInteger();
  private final Function<Transaction, String> body = tx -> "result-" + bodyRuns.incrementAndGet();

  @Test
  void theFirstAttemptRecordsItsIdWithoutLookingItUp() {
    assertThat(commit.attempt(NO_TX, body)).isEqualTo("result-1");

    assertThat(ledger.lookups).isZero();
    assertThat(ledger.recorded).containsExactly(1);
  }

  @Test
  void aRetryFindingAnEarlierAttemptAppliedReturnsItsResultAndWritesNothing() {
    commit.attempt(NO_TX, body);
    ledger.applied = 1; // the commit landed, but its caller heard commit_unknown_result

    assertThat(commit.attempt(NO_TX, body)).isEqualTo("result-1");

    assertThat(bodyRuns).hasValue(1);
    assertThat(ledger.lookups).isOne();
    assertThat(ledger.recorded).containsExactly(1);
  }

  @Test
  void aRetryFindingNoAttemptAppliedRunsTheBodyAgainAndRecordsItsOwnNumber() {
    commit.attempt(NO_TX, body); // lost, or conflicted: not applied

    assertThat(commit.attempt(NO_TX, body)).isEqualTo("result-2");

    assertThat(ledger.lookups).isOne();
    assertThat(ledger.recorded).containsExactly(1, 2);
  }

  @Test
  void theResultIsThatOfTheAttemptTheLedgerNames() {
    commit.attempt(NO_TX, body);
    commit.attempt(NO_TX, body);
    commit.attempt(NO_TX, body);
    ledger.applied =
        2; // attempt 2's unknown outcome was in fact applied; attempt 3 then conflicted

    assertThat(commit.attempt(NO_TX, body)).isEqualTo("result-2");
    assertThat(ledger.lookups).isEqualTo(3); // attempts 2, 3 and 4
  }

  @Test
  void anAttemptWhoseBodyThrowsRecordsNothingAndTheNextNeedNotLook() {
    assertThatThrownBy(
            () ->
                commit.attempt(
                    NO_TX,
                    tx -> {
                      throw new IllegalStateException("bug");
                    }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(commit.attempt(NO_TX, body)).isEqualTo("result-1");
    assertThat(ledger.lookups).isZero();
    assertThat(ledger.recorded).containsExactly(1);
  }

  @Test
  void aNullResultIsReturnedLikeAnyOther() {
    IdempotentCommit<Void> voidCommit = new IdempotentCommit<>(ledger, ID);
    voidCommit.attempt(NO_TX, tx -> null);
    ledger.applied = 1;

    assertThat(
            voidCommit.attempt(
                NO_TX,
                tx -> {
                  throw new AssertionError("must not run again");
                }))
        .isNull();
  }

  @Test
  void anAttemptNumberNoAttemptRecordedIsAnError() {
    commit.attempt(NO_TX, body);
    ledger.applied = 5;

    assertThatThrownBy(() -> commit.attempt(NO_TX, body))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo(Code.IO));
  }

  /**
   * The ledger's "read the id key" step in memory: what {@link #record} writes is not visible, as
   * in an uncommitted transaction; the test says which attempt, if any, was applied.
   */
  private static final class MemoryLedger implements CommitLedger {
    final List<Integer> recorded = new ArrayList<>();
    Integer applied;
    int lookups;

    @Override
    public OptionalInt lookup(Transaction tx, byte[] id) {
      assertThat(id).isEqualTo(ID);
      lookups++;
      return applied == null ? OptionalInt.empty() : OptionalInt.of(applied);
    }

    @Override
    public void record(Transaction tx, byte[] id, int attempt) {
      assertThat(id).isEqualTo(ID);
      recorded.add(attempt);
    }
  }
}
