package io.eventide.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.store.StoreException.Code;
import org.junit.jupiter.api.Test;

/** The transaction size as FoundationDB counts it: mutations plus conflict ranges. */
class WriteBudgetTest {
  private final WriteBudget budget = new WriteBudget();

  @Test
  void eachWriteCountsItsMutationAndItsWriteConflictRange() {
    budget.spendSet(10, 100); // 10 + 100, and [k, k\0): 21
    assertThat(budget.spent()).isEqualTo(131);
    budget.spendClear(10); // the range [k, k\0) as mutation and as conflict
    assertThat(budget.spent()).isEqualTo(131 + 42);
    budget.spendClearRange(10, 12);
    assertThat(budget.spent()).isEqualTo(131 + 42 + 44);
    budget.spendAdd(10); // 10 + 8 + 21
    assertThat(budget.spent()).isEqualTo(131 + 42 + 44 + 39);
    budget.spendVersionstamped(30, 5); // 30 + 4 (offset) + 5 + 61
    assertThat(budget.spent()).isEqualTo(131 + 42 + 44 + 39 + 100);
  }

  @Test
  void longKeysWithSmallValuesAreRefusedWhereFoundationDbWouldRefuseThem() {
    int sets = 0;
    try {
      while (true) {
        budget.spendSet(Limits.MAX_KEY_BYTES, 1);
        sets++;
      }
    } catch (StoreException e) {
      assertThat(e.code()).isEqualTo(Code.TOO_LARGE);
    }
    // Keys and values alone (10,001 bytes a set) would have let 999 through: 30 MB at FoundationDB.
    assertThat(sets).isEqualTo(Limits.MAX_TRANSACTION_BYTES / (3 * Limits.MAX_KEY_BYTES + 2));
  }

  @Test
  void readsCountButAreRefusedOnlyAtCommit() {
    for (int i = 0; i < 600; i++) {
      budget.noteRead(9_000); // 18,001 bytes each: 10.8 MB in all
    }
    assertThat(budget.spent()).isGreaterThan(Limits.MAX_TRANSACTION_BYTES);
    assertThat(budget.refusal())
        .isNotNull()
        .extracting(StoreException::code)
        .isEqualTo(Code.TOO_LARGE);
    assertThatThrownBy(() -> budget.spendSet(1, 1))
        .isInstanceOfSatisfying(
            StoreException.class, e -> assertThat(e.code()).isEqualTo(Code.TOO_LARGE));
  }

  @Test
  void aRefusedWriteCostsNothing() {
    budget.spend(Limits.MAX_TRANSACTION_BYTES - 100);
    assertThatThrownBy(() -> budget.spendSet(50, 50)).isInstanceOf(StoreException.class);
    assertThat(budget.spent()).isEqualTo(Limits.MAX_TRANSACTION_BYTES - 100);
    assertThat(budget.refusal()).isNull();
  }
}
