package io.eventide.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PollPacingTest {
  private static final long FLOOR = 50;
  private static final long CEILING = 500;

  @Test
  void waitsHalfOfWhatTheRateSaysIsLeft() {
    // 1,000 grew in 100: 6,000 left is 600 more, so wait 300.
    assertThat(PollPacing.waitNanos(6_000, 1_000, 100, 100, FLOOR, CEILING)).isEqualTo(300);
  }

  @Test
  void nearTheEndItLooksEveryFloorAndFarFromItEveryCeiling() {
    assertThat(PollPacing.waitNanos(10, 1_000, 100, 300, FLOOR, CEILING)).isEqualTo(FLOOR);
    assertThat(PollPacing.waitNanos(1_000_000, 1_000, 100, 300, FLOOR, CEILING)).isEqualTo(CEILING);
    assertThat(PollPacing.waitNanos(Long.MAX_VALUE / 2, 1, Long.MAX_VALUE / 2, 300, FLOOR, CEILING))
        .isEqualTo(CEILING);
  }

  @Test
  void withoutProgressItBacksOffFromTheFloorToTheCeiling() {
    long wait = PollPacing.waitNanos(1_000, 0, 100, 0, FLOOR, CEILING);
    assertThat(wait).isEqualTo(FLOOR);
    wait = PollPacing.waitNanos(1_000, 0, 100, wait, FLOOR, CEILING);
    assertThat(wait).isEqualTo(100);
    for (int i = 0; i < 10; i++) {
      wait = PollPacing.waitNanos(1_000, 0, 100, wait, FLOOR, CEILING);
    }
    assertThat(wait).isEqualTo(CEILING);
    // A counter that went down (a restarted node) gives no rate either.
    assertThat(PollPacing.waitNanos(1_000, -5, 100, 0, FLOOR, CEILING)).isEqualTo(FLOOR);
  }
}
