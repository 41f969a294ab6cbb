package io.eventide.sdk.windows;

import static io.eventide.sdk.windows.WindowFixtures.A;
import static io.eventide.sdk.windows.WindowFixtures.B;
import static io.eventide.sdk.windows.WindowFixtures.FIRED;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.sdk.TimeWindow;
import io.eventide.sdk.Types;
import io.eventide.sdk.Windows;
import io.eventide.sdk.runtime.windows.WindowOperator;
import io.eventide.sdk.testing.FunctionTestDriver;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TumblingAndSlidingWindowsTest {
  private static final Duration TEN = Duration.ofMillis(10);

  private final FunctionTestDriver driver = FunctionTestDriver.create();

  @Test
  void tumblingWindowsFirePerKeyWhenTheWatermarkReachesEndMinusOne() {
    driver.register(WindowFixtures.sums().window(Windows.tumbling(TEN)).build());
    driver.send(A, Types.LONG, 1L, 3);
    driver.send(A, Types.LONG, 2L, 9);
    driver.send(B, Types.LONG, 5L, 7);
    driver.send(A, Types.LONG, 4L, 10);

    driver.advanceWatermark(8);
    assertThat(driver.egress(FIRED, Types.STRING)).isEmpty();

    driver.advanceWatermark(9);
    assertThat(driver.egress(FIRED, Types.STRING)).containsExactly("a 0 10 3", "b 0 10 5");

    driver.advanceWatermark(19);
    assertThat(driver.egress(FIRED, Types.STRING))
        .containsExactly("a 0 10 3", "b 0 10 5", "a 10 20 4");
    assertThat(driver.state(A, WindowOperator.WINDOWS)).isEmpty();
    assertThat(driver.state(B, WindowOperator.WINDOWS)).isEmpty();
  }

  @Test
  void tumblingWindowsFloorNegativeTimestamps() {
    driver.register(WindowFixtures.sums().window(Windows.tumbling(TEN)).build());
    driver.send(A, Types.LONG, 1L, -1);
    driver.send(A, Types.LONG, 2L, -10);
    driver.send(A, Types.LONG, 4L, -11);

    driver.advanceWatermark(-11);
    driver.advanceWatermark(-2);
    assertThat(driver.egress(FIRED, Types.STRING)).containsExactly("a -20 -10 4");

    driver.advanceWatermark(-1);
    assertThat(driver.egress(FIRED, Types.STRING)).containsExactly("a -20 -10 4", "a -10 0 3");
  }

  @Test
  void tumblingWindowsWithAnOffsetStartAtTheOffset() {
    assertThat(Windows.tumbling(TEN, Duration.ofMillis(3)).assignWindows(2))
        .containsExactly(new TimeWindow(-7, 3));
    assertThat(Windows.tumbling(TEN, Duration.ofMillis(-3)).assignWindows(0))
        .containsExactly(new TimeWindow(-3, 7));
    driver.register(
        WindowFixtures.sums().window(Windows.tumbling(TEN, Duration.ofMillis(3))).build());
    driver.send(A, Types.LONG, 1L, 2);
    driver.send(A, Types.LONG, 2L, 3);
    driver.send(A, Types.LONG, 4L, 12);
    driver.send(A, Types.LONG, 8L, -8);

    driver.advanceWatermark(12);
    assertThat(driver.egress(FIRED, Types.STRING))
        .containsExactly("a -17 -7 8", "a -7 3 1", "a 3 13 6");
  }

  @Test
  void slidingWindowsHoldEveryWindowContainingTheTimestamp() {
    assertThat(Windows.sliding(TEN, Duration.ofMillis(5)).assignWindows(7))
        .containsExactly(new TimeWindow(5, 15), new TimeWindow(0, 10));
    assertThat(Windows.sliding(TEN, Duration.ofMillis(3)).assignWindows(7))
        .containsExactly(new TimeWindow(6, 16), new TimeWindow(3, 13), new TimeWindow(0, 10));
  }

  @Test
  void slidingWindowsFireEachWindowWithItsOwnElements() {
    driver.register(
        WindowFixtures.sums().window(Windows.sliding(TEN, Duration.ofMillis(5))).build());
    driver.send(A, Types.LONG, 1L, 7);
    driver.send(A, Types.LONG, 2L, 12);

    driver.advanceWatermark(9);
    driver.advanceWatermark(14);
    driver.advanceWatermark(19);
    assertThat(driver.egress(FIRED, Types.STRING))
        .containsExactly("a 0 10 1", "a 5 15 3", "a 10 20 2");
  }
}
