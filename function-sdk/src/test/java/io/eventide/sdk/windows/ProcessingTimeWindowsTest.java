package io.eventide.sdk.windows;

import static io.eventide.sdk.windows.WindowFixtures.A;
import static io.eventide.sdk.windows.WindowFixtures.B;
import static io.eventide.sdk.windows.WindowFixtures.FIRED;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.sdk.Triggers;
import io.eventide.sdk.Types;
import io.eventide.sdk.Windows;
import io.eventide.sdk.runtime.windows.WindowOperator;
import io.eventide.sdk.testing.FunctionTestDriver;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Flink's processing-time assigners: windows by the clock when a message is handled, not by event
 * time.
 */
class ProcessingTimeWindowsTest {
  private static final Duration TEN = Duration.ofMillis(10);

  private final FunctionTestDriver driver = FunctionTestDriver.create();

  private List<String> fired() {
    return driver.egress(FIRED, Types.STRING);
  }

  private void advance(long millis) {
    driver.advanceProcessingTime(Duration.ofMillis(millis));
  }

  @Test
  void tumblingProcessingTimeWindowsAssignByTheClockAndFireWhenItReachesEndMinusOne() {
    driver.register(WindowFixtures.sums().window(Windows.tumblingProcessingTime(TEN)).build());
    driver.send(A, Types.LONG, 1L, 1_000); // event times do not matter
    advance(5);
    driver.send(A, Types.LONG, 2L, -50);
    driver.send(B, Types.LONG, 5L, 7);

    assertThat(driver.pendingProcessingTimers(A)).containsExactly(9L);
    driver.advanceWatermark(Long.MAX_VALUE);
    advance(3);
    assertThat(fired()).as("neither the watermark nor the clock before 9 fires").isEmpty();

    advance(1);
    assertThat(fired()).containsExactly("a 0 10 3", "b 0 10 5");
    assertThat(driver.egressRecords(FIRED)).extracting(r -> r.eventTime()).containsOnly(9L);
    assertThat(driver.state(A, WindowOperator.WINDOWS))
        .as("cleaned at maxTimestamp by the clock")
        .isEmpty();

    advance(1);
    driver.send(A, Types.LONG, 4L, 0);
    advance(10);
    assertThat(fired()).containsExactly("a 0 10 3", "b 0 10 5", "a 10 20 4");
    assertThat(driver.state(A, WindowOperator.WINDOWS)).isEmpty();
  }

  @Test
  void tumblingProcessingTimeWindowsHonourTheirOffset() {
    driver.register(
        WindowFixtures.sums()
            .window(Windows.tumblingProcessingTime(TEN, Duration.ofMillis(3)))
            .build());
    advance(2);
    driver.send(A, Types.LONG, 1L);
    advance(1);
    driver.send(A, Types.LONG, 2L);
    advance(20);

    assertThat(fired()).containsExactly("a -7 3 1", "a 3 13 2");
  }

  @Test
  void slidingProcessingTimeWindowsPutAMessageInEveryWindowHoldingTheClock() {
    driver.register(
        WindowFixtures.sums()
            .window(Windows.slidingProcessingTime(TEN, Duration.ofMillis(5)))
            .build());
    advance(7);
    driver.send(A, Types.LONG, 1L, 100); // [5,15) and [0,10)
    advance(5);
    assertThat(fired()).containsExactly("a 0 10 1");

    driver.send(A, Types.LONG, 2L, 100); // at 12: [10,20) and [5,15)
    advance(20);
    assertThat(fired()).containsExactly("a 0 10 1", "a 5 15 3", "a 10 20 2");
    assertThat(driver.state(A, WindowOperator.WINDOWS)).isEmpty();
  }

  @Test
  void processingTimeSessionsMergeWhileMessagesKeepComingAndCloseAfterAGapOfWallClockTime() {
    driver.register(WindowFixtures.sums().window(Windows.sessionProcessingTime(TEN)).build());
    driver.send(A, Types.LONG, 1L, 500); // [0,10)
    advance(5);
    driver.send(A, Types.LONG, 2L, 1); // [5,15): merges into [0,15)
    advance(8);
    assertThat(fired()).as("the merged session's timer replaced the one at 9").isEmpty();
    assertThat(driver.pendingProcessingTimers(A)).containsExactly(14L);

    advance(1);
    assertThat(fired()).containsExactly("a 0 15 3");
    assertThat(driver.state(A, WindowOperator.WINDOWS)).isEmpty();

    advance(6);
    driver.send(A, Types.LONG, 4L, 0); // at 20: a new session
    advance(9);
    assertThat(fired()).containsExactly("a 0 15 3", "a 20 30 4");
  }

  @Test
  void aCountTriggerOnProcessingTimeWindowsIsCleanedUpByTheClock() {
    driver.register(
        WindowFixtures.sums()
            .window(Windows.tumblingProcessingTime(TEN))
            .trigger(Triggers.count(2))
            .build());
    driver.send(A, Types.LONG, 1L);
    driver.send(A, Types.LONG, 2L);
    driver.send(A, Types.LONG, 4L);
    assertThat(fired()).containsExactly("a 0 10 3");

    advance(9);
    assertThat(fired()).as("a count trigger does not fire at the end").containsExactly("a 0 10 3");
    assertThat(driver.state(A, WindowOperator.WINDOWS)).isEmpty();
  }

  @Test
  void aProcessingTimeTriggerFiresAnEventTimeWindowByTheClockWhileTheWatermarkStillCleansIt() {
    driver.register(
        WindowFixtures.sums()
            .window(Windows.tumbling(TEN))
            .trigger(Triggers.processingTime())
            .build());
    driver.send(A, Types.LONG, 1L, 3); // event-time window [0,10): clock timer at 9
    driver.send(A, Types.LONG, 2L, 15); // [10,20): clock timer at 19

    advance(9);
    assertThat(fired()).containsExactly("a 0 10 1");

    driver.advanceWatermark(19); // cleans both windows; [10,20) never fired
    advance(100);
    assertThat(fired()).containsExactly("a 0 10 1");
    assertThat(driver.state(A, WindowOperator.WINDOWS)).isEmpty();

    driver.send(A, Types.LONG, 8L, 5); // late by the watermark: lateness still applies
    assertThat(driver.state(A, WindowOperator.LATE_DROPPED)).contains(1L);
  }

  @Test
  void aCustomTriggerMayFireByProcessingTimeTimersAndDeleteThemWhenCleared() {
    driver.register(
        WindowFixtures.sums()
            .window(Windows.tumbling(Duration.ofMillis(100)))
            .trigger(new EveryFiveMillisTrigger())
            .build());
    driver.send(A, Types.LONG, 1L, 10);
    advance(5);
    assertThat(fired()).containsExactly("a 0 100 1");

    driver.send(A, Types.LONG, 2L, 20);
    advance(5);
    assertThat(fired()).containsExactly("a 0 100 1", "a 0 100 3");

    driver.advanceWatermark(99); // the end fires once more and clears the trigger's timer
    advance(100);
    assertThat(fired()).containsExactly("a 0 100 1", "a 0 100 3", "a 0 100 3");
    assertThat(driver.state(A, WindowOperator.WINDOWS)).isEmpty();
    assertThat(driver.pendingProcessingTimers(A)).isEmpty();
  }
}
