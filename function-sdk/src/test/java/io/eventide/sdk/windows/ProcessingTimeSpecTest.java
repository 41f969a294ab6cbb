package io.eventide.sdk.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.sdk.TimeWindow;
import io.eventide.sdk.Triggers;
import io.eventide.sdk.WindowAssigner;
import io.eventide.sdk.Windows;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessingTimeSpecTest {
  private static final Duration TEN = Duration.ofMillis(10);

  @Test
  void processingTimeAssignersFireByTheClockByDefault() {
    for (WindowAssigner assigner :
        new WindowAssigner[] {
          Windows.tumblingProcessingTime(TEN),
          Windows.slidingProcessingTime(TEN, Duration.ofMillis(5)),
          Windows.sessionProcessingTime(TEN)
        }) {
      assertThat(assigner.isProcessingTime()).isTrue();
      assertThat(assigner.isEventTime()).isFalse();
      assertThat(WindowFixtures.sums().window(assigner).build().trigger())
          .isSameAs(Triggers.processingTime());
    }
    assertThat(Windows.tumbling(TEN).isProcessingTime()).isFalse();
    assertThat(Windows.global().isProcessingTime()).isFalse();
  }

  @Test
  void processingTimeAssignersShareTheShapesOfTheEventTimeOnes() {
    assertThat(Windows.tumblingProcessingTime(TEN).assignWindows(-1))
        .containsExactly(new TimeWindow(-10, 0));
    assertThat(Windows.slidingProcessingTime(TEN, Duration.ofMillis(5)).assignWindows(7))
        .containsExactly(new TimeWindow(5, 15), new TimeWindow(0, 10));
    assertThat(Windows.sessionProcessingTime(TEN).isMerging()).isTrue();
    assertThat(Windows.sessionProcessingTime(TEN)).hasToString("sessionProcessingTime(PT0.01S)");
    assertThatThrownBy(() -> Windows.tumblingProcessingTime(Duration.ZERO))
        .hasMessageContaining("at least 1 ms");
    assertThatThrownBy(() -> Windows.slidingProcessingTime(TEN, TEN, TEN))
        .hasMessageContaining("offset");
  }

  @Test
  void processingTimeWindowsAreNeverLateSoLatenessAndALateOutputAreRefused() {
    assertThatThrownBy(
            () ->
                WindowFixtures.sums()
                    .window(Windows.tumblingProcessingTime(TEN))
                    .allowedLateness(Duration.ofMillis(1))
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("allowedLateness must be 0");
    assertThatThrownBy(
            () ->
                WindowFixtures.sums()
                    .window(Windows.sessionProcessingTime(TEN))
                    .onLateMessage(WindowFixtures.LATE_OUTPUT)
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("onLateMessage");
  }

  @Test
  void aProcessingTimeTriggerMergesAndMayFireEventTimeWindows() {
    assertThat(Triggers.processingTime().canMerge()).isTrue();
    assertThat(
            WindowFixtures.sums()
                .window(Windows.session(TEN))
                .trigger(Triggers.processingTime())
                .build()
                .trigger())
        .hasToString("processingTime()");
  }
}
