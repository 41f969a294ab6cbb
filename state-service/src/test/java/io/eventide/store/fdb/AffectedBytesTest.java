package io.eventide.store.fdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.store.Limits;
import io.eventide.store.StoreException;
import org.junit.jupiter.api.Test;

/**
 * FoundationDB's count of a transaction's affected data (its "Known Limitations": written keys,
 * values and ranges, read keys and ranges, conflict ranges), without the native client.
 */
class AffectedBytesTest {
  @Test
  void aWriteCountsItsMutationAndItsWriteConflictRange() {
    // set: key + value, and [key, key + 0x00)
    assertThat(AffectedBytes.set(10, 100)).isEqualTo(10 + 100 + 21);
    // clear: the mutation is the single key's range, and so is the conflict
    assertThat(AffectedBytes.clear(10)).isEqualTo(21 + 21);
    assertThat(AffectedBytes.clearRange(10, 12)).isEqualTo(22 + 22);
    assertThat(AffectedBytes.atomic(10, 8)).isEqualTo(10 + 8 + 21);
    // the operand carries a 4-byte offset; the conflict is on the key it becomes
    assertThat(AffectedBytes.versionstampedKey(30, 100)).isEqualTo(30 + 4 + 100 + 61);
  }

  @Test
  void aReadCountsItsConflictRangeNotItsValue() {
    assertThat(AffectedBytes.keyRead(10)).isEqualTo(21);
    assertThat(AffectedBytes.rangeRead(10, 12)).isEqualTo(22);
  }

  @Test
  void writesThatFitTheSpiBudgetCanStillExceedFoundationDbsLimit() {
    // 20,000 pairs of a 40-byte key and a 400-byte value: 8.8 MB written, within the SPI's 10 MB,
    // but with their write conflict ranges 10.42 MB as FoundationDB counts them.
    int pairs = 20_000;
    assertThat(pairs * 440L).isLessThan(Limits.MAX_TRANSACTION_BYTES);
    AffectedBytes affected = new AffectedBytes();

    assertThatThrownBy(
            () -> {
              for (int i = 0; i < pairs; i++) {
                affected.write(AffectedBytes.set(40, 400));
              }
            })
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.code()).isEqualTo(StoreException.Code.TOO_LARGE));
    assertThat(affected.total()).isLessThanOrEqualTo(AffectedBytes.LIMIT);
  }

  @Test
  void aWriteUpToTheLimitIsTakenAndOneByteMoreIsRefusedAndCostsNothing() {
    AffectedBytes affected = new AffectedBytes();
    affected.write(AffectedBytes.LIMIT - 1);
    affected.write(1);
    assertThat(affected.total()).isEqualTo(AffectedBytes.LIMIT);
    affected.checkCommit();

    assertThatThrownBy(() -> affected.write(1))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> {
              assertThat(e.code()).isEqualTo(StoreException.Code.TOO_LARGE);
              assertThat(e.getMessage()).contains("10000001 bytes", "conflict ranges");
            });
    assertThat(affected.total())
        .as("the refused write is not counted")
        .isEqualTo(AffectedBytes.LIMIT);
    affected.checkCommit();
  }

  @Test
  void readsAreNotRefusedButACommitPastTheLimitIsBeforeFoundationDbSeesIt() {
    AffectedBytes affected = new AffectedBytes();
    affected.write(AffectedBytes.LIMIT - 21);
    affected.read(AffectedBytes.keyRead(10)); // exactly at the limit
    affected.checkCommit();

    affected.read(AffectedBytes.keyRead(0)); // one byte past it
    assertThat(affected.total()).isEqualTo(AffectedBytes.LIMIT + 1);
    assertThatThrownBy(affected::checkCommit)
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.code()).isEqualTo(StoreException.Code.TOO_LARGE));
  }
}
