package io.eventide.store.fdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.apple.foundationdb.FDBException;
import io.eventide.store.StoreException;
import io.eventide.store.StoreException.Code;
import io.eventide.store.fdb.FdbErrors.Phase;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** FoundationDB error codes to SPI codes, without the native client (FDBException is pure Java). */
class FdbErrorsTest {

  @ParameterizedTest(name = "{0} while {1} → {2}")
  @CsvSource({
    "1020, COMMIT, CONFLICT",
    "1007, READ, TOO_OLD",
    "1007, COMMIT, TOO_OLD",
    "1021, COMMIT, COMMIT_UNKNOWN",
    "1039, COMMIT, COMMIT_UNKNOWN",
    "1039, READ, UNAVAILABLE",
    "1031, COMMIT, COMMIT_UNKNOWN",
    "1031, READ, UNAVAILABLE",
    "1025, COMMIT, COMMIT_UNKNOWN",
    "1025, READ, UNAVAILABLE",
    "1009, READ, UNAVAILABLE",
    "1037, READ, UNAVAILABLE",
    "1038, COMMIT, UNAVAILABLE",
    "1042, COMMIT, UNAVAILABLE",
    "1051, READ, UNAVAILABLE",
    "1078, READ, UNAVAILABLE",
    "1213, COMMIT, UNAVAILABLE",
    "2101, COMMIT, TOO_LARGE",
    "2102, COMMIT, TOO_LARGE",
    "2103, COMMIT, TOO_LARGE",
    "1036, READ, INVALID",
    "2005, READ, INVALID",
    "2017, COMMIT, INVALID",
  })
  void mapsListedCodes(int fdbCode, Phase phase, Code expected) {
    StoreException mapped =
        FdbErrors.toStoreException(
            new FDBException("x", fdbCode),
            phase,
            e -> {
              throw new AssertionError("listed codes must not need the native predicate");
            });
    assertThat(mapped.code()).isEqualTo(expected);
    assertThat(mapped.getCause()).isInstanceOf(FDBException.class);
  }

  @Test
  void unlistedCodesAskTheNativePredicate() {
    FDBException unknown = new FDBException("new retryable error", 1999);
    assertThat(FdbErrors.toStoreException(unknown, Phase.READ, e -> true).code())
        .isEqualTo(Code.UNAVAILABLE);
    // A retryable error we cannot name may hide an applied commit.
    assertThat(FdbErrors.toStoreException(unknown, Phase.COMMIT, e -> true).code())
        .isEqualTo(Code.COMMIT_UNKNOWN);
    assertThat(FdbErrors.toStoreException(unknown, Phase.COMMIT, e -> false).code())
        .isEqualTo(Code.IO);
  }

  @ParameterizedTest(name = "{0} (not retryable) → IO")
  @CsvSource({"1510", "4100", "1004"})
  void unlistedNonRetryableCodesAreIo(int fdbCode) {
    for (Phase phase : Phase.values()) {
      assertThat(
              FdbErrors.toStoreException(new FDBException("x", fdbCode), phase, e -> false).code())
          .isEqualTo(Code.IO);
    }
  }

  @Test
  void withoutTheNativeClientAnUnlistedCodeIsIo() {
    // The default predicate calls libfdb_c, absent here: it must not throw, and must say "not
    // retryable".
    assertThat(FdbErrors.toStoreException(new FDBException("?", 1999), Phase.COMMIT).code())
        .isEqualTo(Code.IO);
  }

  @Test
  void unwrapsCompletionWrappersAndKeepsTheCause() {
    FDBException conflict = new FDBException("Transaction not committed due to conflict", 1020);
    StoreException mapped =
        FdbErrors.toStoreException(
            new ExecutionException(new CompletionException(conflict)), Phase.COMMIT);
    assertThat(mapped.code()).isEqualTo(Code.CONFLICT);
    assertThat(mapped.retryable()).isTrue();
    assertThat(mapped.getCause()).isSameAs(conflict);
    assertThat(mapped.getMessage()).contains("commit failed", "1020", "conflict");
  }

  @Test
  void storeExceptionsPassThroughAndOtherFailuresAreIo() {
    StoreException fenced = new StoreException(Code.FENCED, "moved");
    assertThat(FdbErrors.toStoreException(new CompletionException(fenced), Phase.COMMIT))
        .isSameAs(fenced);
    assertThat(FdbErrors.toStoreException(new IllegalArgumentException("bad"), Phase.READ).code())
        .isEqualTo(Code.IO);
  }
}
