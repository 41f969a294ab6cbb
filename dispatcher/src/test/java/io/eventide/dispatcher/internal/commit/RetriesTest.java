package io.eventide.dispatcher.internal.commit;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.dispatcher.api.DispatcherConfig;
import io.eventide.dispatcher.internal.routing.Addr;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Backoff of failing addresses with time given explicitly, at the numbers of {@link
 * DispatcherConfig#defaults}: 100 ms first, doubling with ±50% jitter, at most 10 s; and how long
 * workers answering {@code UNKNOWN_FUNCTION} are taken for workers catching up with a deployment.
 */
class RetriesTest {
  private static final long NOW = 1_000_000;

  private final DispatcherConfig config = DispatcherConfig.defaults("d1");
  private final Retries retries = new Retries(config);
  private final Addr address = new Addr("shop", "counter", "a");
  private final Addr other = new Addr("shop", "counter", "b");

  @Test
  void aFailureBlocksOnlyItsAddressUntilItsDeadline() {
    retries.failed(address, 1, NOW);
    long deadline = retries.nextDeadline(NOW);

    long first = config.retryBackoff().toMillis();
    assertThat(deadline - NOW).isBetween(first / 2, first * 3 / 2);
    assertThat(retries.blocked(address, deadline - 1)).isTrue();
    assertThat(retries.blocked(address, deadline)).isFalse();
    assertThat(retries.blocked(other, NOW)).isFalse();
    assertThat(retries.attempts(address)).isEqualTo(1);
  }

  @Test
  void theBackoffDoublesPerAttemptWithinItsJitter() {
    long first = config.retryBackoff().toMillis();
    for (int attempt = 1; attempt <= 6; attempt++) {
      retries.failed(address, attempt, NOW);
      long mean = first << (attempt - 1);
      assertThat(retries.nextDeadline(NOW) - NOW)
          .as("attempt %d", attempt)
          .isBetween(mean / 2, mean * 3 / 2);
    }
  }

  @Test
  void theBackoffStopsGrowingAtItsMaximum() {
    long max = config.maxRetryBackoff().toMillis();
    // The attempt whose backoff, jitter and all, is past the maximum: 100 ms · 2^8 · 0.5 > 10 s.
    int capped = 9;
    for (int attempt = capped; attempt <= capped + 20; attempt++) {
      retries.failed(address, attempt, NOW);
      assertThat(retries.nextDeadline(NOW)).as("attempt %d", attempt).isEqualTo(NOW + max);
    }
    retries.failed(address, capped - 1, NOW);
    assertThat(retries.nextDeadline(NOW)).as("one attempt earlier").isLessThanOrEqualTo(NOW + max);
  }

  @Test
  void aPauseHoldsTheAddressForTheFirstBackoffWithoutCountingAnAttempt() {
    retries.failed(address, 2, NOW - 10_000);
    retries.pauseAll(List.of(address, other), NOW);

    long pause = config.retryBackoff().toMillis();
    assertThat(retries.blocked(address, NOW + pause - 1)).isTrue();
    assertThat(retries.blocked(address, NOW + pause)).isFalse();
    assertThat(retries.attempts(address)).as("kept").isEqualTo(2);
    assertThat(retries.attempts(other)).isZero();
    assertThat(retries.nextDeadline(NOW)).isEqualTo(NOW + pause);
    assertThat(retries.nextDeadline(NOW + pause)).as("none after it").isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void aSuccessForgetsAttemptsAndCap() {
    retries.failed(address, 3, NOW);
    retries.halve(address, 9);

    retries.succeeded(address);

    assertThat(retries.blocked(address, NOW)).isFalse();
    assertThat(retries.attempts(address)).isZero();
    assertThat(retries.cap(address)).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void halvingCapsABatchAtHalfOfWhatDidNotFitAndNeverBelowOne() {
    assertThat(retries.cap(address)).isEqualTo(Integer.MAX_VALUE);

    retries.halve(address, 9);
    assertThat(retries.cap(address)).isEqualTo(4);
    retries.halve(address, 1);
    assertThat(retries.cap(address)).isEqualTo(1);
    assertThat(retries.cap(other)).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void unknownFunctionAnswersAreForgivenUntilTheGraceEndsCountedFromTheFirst() {
    long grace = Retries.UNKNOWN_FUNCTION_GRACE.toMillis();

    assertThat(retries.unknownMayBeLag(address, NOW)).isTrue();
    retries.pause(address, NOW);
    assertThat(retries.unknownMayBeLag(address, NOW + grace - 1)).isTrue();
    retries.pause(address, NOW + grace - 1);

    assertThat(retries.unknownMayBeLag(address, NOW + grace)).isFalse();
    retries.failed(address, 1, NOW + grace);
    // A counted failure keeps the first answer's time: the grace does not start over.
    assertThat(retries.unknownMayBeLag(address, NOW + 2 * grace)).isFalse();
    assertThat(retries.attempts(address)).isEqualTo(1);
    assertThat(retries.unknownMayBeLag(other, NOW + 2 * grace)).as("per address").isTrue();
  }

  @Test
  void aSuccessStartsTheGraceOverForTheNextUnknownAnswer() {
    long grace = Retries.UNKNOWN_FUNCTION_GRACE.toMillis();
    retries.unknownMayBeLag(address, NOW);
    assertThat(retries.unknownMayBeLag(address, NOW + grace)).isFalse();

    retries.succeeded(address);

    assertThat(retries.unknownMayBeLag(address, NOW + 10 * grace)).isTrue();
    assertThat(retries.attempts(address)).isZero();
  }

  @Test
  void aGraceOfZeroCountsTheFirstUnknownAnswer() {
    Retries strict = new Retries(config, Duration.ZERO);

    assertThat(strict.unknownMayBeLag(address, NOW)).isFalse();
  }

  @Test
  void aKeyGroupThatChangedHandsLeavesNothingBehind() {
    int groups = 128;
    Addr elsewhere = addressOutside(address.keyGroup(groups), groups);
    retries.failed(address, 2, NOW);
    retries.halve(address, 8);
    retries.failed(elsewhere, 1, NOW);
    retries.halve(elsewhere, 8);

    BitSet moved = new BitSet();
    moved.set(address.keyGroup(groups));
    retries.forget(moved, groups);

    assertThat(retries.attempts(address)).isZero();
    assertThat(retries.blocked(address, NOW)).isFalse();
    assertThat(retries.cap(address)).isEqualTo(Integer.MAX_VALUE);
    assertThat(retries.attempts(elsewhere)).as("another group's").isEqualTo(1);
    assertThat(retries.cap(elsewhere)).isEqualTo(4);
    assertThat(retries.nextDeadline(NOW)).isLessThan(Long.MAX_VALUE);
  }

  private static Addr addressOutside(int keyGroup, int groups) {
    for (int i = 0; ; i++) {
      Addr candidate = new Addr("shop", "counter", "k" + i);
      if (candidate.keyGroup(groups) != keyGroup) {
        return candidate;
      }
    }
  }
}
