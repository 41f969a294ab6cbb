package io.eventide.sdk.windows;

import static io.eventide.sdk.windows.WindowFixtures.A;
import static io.eventide.sdk.windows.WindowFixtures.FIRED;
import static io.eventide.sdk.windows.WindowFixtures.LATE;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.sdk.Types;
import io.eventide.sdk.Windows;
import io.eventide.sdk.runtime.windows.WindowOperator;
import io.eventide.sdk.testing.FunctionTestDriver;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatenessTest {
  private static final Duration TEN = Duration.ofMillis(10);

  private final FunctionTestDriver driver = FunctionTestDriver.create();

  @Test
  void eachAllowedLateMessageReFiresItsWindowWithTheFullResult() {
    driver.register(
        WindowFixtures.sums()
            .window(Windows.tumbling(TEN))
            .allowedLateness(Duration.ofMillis(5))
            .onLateMessage(WindowFixtures.LATE_OUTPUT)
            .build());
    driver.send(A, Types.LONG, 1L, 3);
    driver.advanceWatermark(9);
    driver.send(A, Types.LONG, 2L, 4);
    driver.advanceWatermark(13);
    driver.send(A, Types.LONG, 4L, 8);

    assertThat(driver.egress(FIRED, Types.STRING))
        .containsExactly("a 0 10 1", "a 0 10 3", "a 0 10 7");
    assertThat(driver.egress(LATE, Types.STRING)).isEmpty();
    assertThat(driver.state(A, WindowOperator.WINDOWS)).isPresent();
  }

  @Test
  void afterCleanupTheStateIsGoneAndALateMessageGoesToTheSideOutput() {
    driver.register(
        WindowFixtures.sums()
            .window(Windows.tumbling(TEN))
            .allowedLateness(Duration.ofMillis(5))
            .onLateMessage(WindowFixtures.LATE_OUTPUT)
            .build());
    driver.send(A, Types.LONG, 1L, 3);
    driver.advanceWatermark(14); // fires at 9, cleans up at 9 + 5
    assertThat(driver.state(A, WindowOperator.WINDOWS)).isEmpty();

    driver.send(A, Types.LONG, 8L, 2);

    assertThat(driver.egress(FIRED, Types.STRING)).containsExactly("a 0 10 1");
    assertThat(driver.egress(LATE, Types.STRING)).containsExactly("a 2 8");
    assertThat(driver.state(A, WindowOperator.WINDOWS)).isEmpty();
    assertThat(driver.pendingTimers(A)).isEmpty();
  }

  @Test
  void withoutLatenessAMessageAtTheFiredWindowIsLate() {
    driver.register(WindowFixtures.sums().window(Windows.tumbling(TEN)).build());
    driver.send(A, Types.LONG, 1L, 9);
    driver.advanceWatermark(9);
    driver.send(A, Types.LONG, 2L, 9); // window [0,10) is late at watermark 9
    driver.send(A, Types.LONG, 4L, 10); // window [10,20) is not

    driver.advanceWatermark(19);
    assertThat(driver.egress(FIRED, Types.STRING)).containsExactly("a 0 10 1", "a 10 20 4");
    assertThat(driver.state(A, WindowOperator.LATE_DROPPED)).contains(1L);
  }

  @Test
  void aMessageIsLateOnlyWhenAllItsWindowsAreLate() {
    driver.register(
        WindowFixtures.sums()
            .window(Windows.sliding(TEN, Duration.ofMillis(5)))
            .onLateMessage(WindowFixtures.LATE_OUTPUT)
            .build());
    driver.advanceWatermark(9);
    driver.send(A, Types.LONG, 1L, 7); // [0,10) is late, [5,15) is not: not a late message
    assertThat(driver.egress(LATE, Types.STRING)).isEmpty();

    driver.advanceWatermark(14);
    driver.send(A, Types.LONG, 2L, 7); // both windows late

    assertThat(driver.egress(FIRED, Types.STRING)).containsExactly("a 5 15 1");
    assertThat(driver.egress(LATE, Types.STRING)).containsExactly("a 7 2");
  }

  @Test
  void aWindowFiresExactlyWhenTheWatermarkReachesItsLastTimestamp() {
    driver.register(WindowFixtures.sums().window(Windows.tumbling(Duration.ofSeconds(1))).build());
    driver.send(A, Types.LONG, 5L, 999);
    driver.send(A, Types.LONG, 6L, 1_000);

    driver.advanceWatermark(998);
    assertThat(driver.egress(FIRED, Types.STRING)).isEmpty();
    driver.advanceWatermark(999);
    assertThat(driver.egress(FIRED, Types.STRING)).containsExactly("a 0 1000 5");
    driver.advanceWatermark(Long.MAX_VALUE);
    assertThat(driver.egress(FIRED, Types.STRING)).containsExactly("a 0 1000 5", "a 1000 2000 6");
  }
}
