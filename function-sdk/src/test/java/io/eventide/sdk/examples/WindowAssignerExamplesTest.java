package io.eventide.sdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.sdk.TimeWindow;
import io.eventide.sdk.Trigger;
import io.eventide.sdk.Triggers;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.WindowAssigner;
import io.eventide.sdk.WindowedFunctionSpec;
import io.eventide.sdk.Windows;
import java.time.Duration;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

/** The Javadoc examples of window assigners and triggers, and what their comments claim. */
class WindowAssignerExamplesTest {
  static final long MINUTE = 60_000;

  /** Epoch ms of a time of day on 1970-01-01, which is UTC: processing time is epoch ms too. */
  static long at(String time) {
    return LocalTime.parse(time).toSecondOfDay() * 1000L;
  }

  @Test
  void theAssigners() {
    // javadoc: Windows
    Windows.tumbling(Duration.ofMinutes(1)); // [0,60s), [60s,120s), ...
    Windows.tumbling(Duration.ofHours(1), Duration.ofMinutes(15)); // [00:15, 01:15), ...
    Windows.sliding(Duration.ofMinutes(10), Duration.ofMinutes(1)); // each message in 10 windows
    Windows.session(Duration.ofMinutes(30)); // merge when within 30 min
    Windows.global(); // use with Triggers.count(n)
    Windows.tumblingProcessingTime(Duration.ofSeconds(10)); // by the clock, every 10 s
    // end javadoc

    assertThat(Windows.tumbling(Duration.ofMinutes(1)).assignWindows(61_000))
        .containsExactly(new TimeWindow(60_000, 120_000));
    assertThat(
            Windows.tumbling(Duration.ofHours(1), Duration.ofMinutes(15))
                .assignWindows(at("00:20")))
        .containsExactly(new TimeWindow(at("00:15"), at("01:15")));
    assertThat(
            Windows.sliding(Duration.ofMinutes(10), Duration.ofMinutes(1))
                .assignWindows(at("00:30")))
        .hasSize(10);
    assertThat(Windows.session(Duration.ofMinutes(30)).assignWindows(0))
        .containsExactly(new TimeWindow(0, 30 * MINUTE));
    assertThat(Windows.global().assignWindows(0)).containsExactly(TimeWindow.GLOBAL);
    assertThat(Windows.tumblingProcessingTime(Duration.ofSeconds(10)).isProcessingTime()).isTrue();
  }

  @Test
  void theProcessingTimeAssigners() {
    // javadoc: Windows#tumblingProcessingTime
    Windows.tumblingProcessingTime(
        Duration.ofSeconds(10)); // handled at 12:00:07 -> [12:00:00, 12:00:10)
    // end javadoc
    // javadoc: Windows#tumblingProcessingTime
    Windows.tumblingProcessingTime(Duration.ofHours(1), Duration.ofMinutes(30)); // hh:30 to hh+1:30
    // end javadoc
    // javadoc: Windows#slidingProcessingTime
    Windows.slidingProcessingTime(
        Duration.ofMinutes(5), Duration.ofMinutes(1)); // each message in 5 windows
    // end javadoc
    // javadoc: Windows#slidingProcessingTime
    Windows.slidingProcessingTime(
        Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofSeconds(30));
    // end javadoc
    // javadoc: Windows#sessionProcessingTime
    Windows.sessionProcessingTime(Duration.ofMinutes(30)); // a visit ends after 30 quiet minutes
    // end javadoc

    assertThat(Windows.tumblingProcessingTime(Duration.ofSeconds(10)).assignWindows(at("12:00:07")))
        .containsExactly(new TimeWindow(at("12:00:00"), at("12:00:10")));
    assertThat(
            Windows.tumblingProcessingTime(Duration.ofHours(1), Duration.ofMinutes(30))
                .assignWindows(at("13:45")))
        .containsExactly(new TimeWindow(at("13:30"), at("14:30")));
    assertThat(
            Windows.slidingProcessingTime(Duration.ofMinutes(5), Duration.ofMinutes(1))
                .assignWindows(at("12:00")))
        .hasSize(5);
    assertThat(
            Windows.slidingProcessingTime(
                    Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofSeconds(30))
                .assignWindows(at("12:00:00")))
        .first()
        .isEqualTo(new TimeWindow(at("11:59:30"), at("12:04:30")));
    assertThat(Windows.sessionProcessingTime(Duration.ofMinutes(30)).assignWindows(at("12:00")))
        .containsExactly(new TimeWindow(at("12:00"), at("12:30")));
  }

  @Test
  void anAssignerAssigns() {
    // javadoc: WindowAssigner
    WindowAssigner minutes = Windows.tumbling(Duration.ofMinutes(1));
    minutes.assignWindows(90_000); // [TimeWindow[start=60000, end=120000]]
    Windows.tumblingProcessingTime(Duration.ofMinutes(1)).isProcessingTime(); // true
    // end javadoc

    // javadoc: WindowAssigner#isProcessingTime
    Windows.sessionProcessingTime(Duration.ofMinutes(5)).isProcessingTime(); // true
    // end javadoc

    assertThat(minutes.assignWindows(90_000)).hasToString("[TimeWindow[start=60000, end=120000]]");
    assertThat(Windows.tumblingProcessingTime(Duration.ofMinutes(1)).isProcessingTime()).isTrue();
    assertThat(Windows.sessionProcessingTime(Duration.ofMinutes(5)).isProcessingTime()).isTrue();
  }

  @Test
  void aWindowEndsBeforeItsEnd() {
    // javadoc: TimeWindow
    TimeWindow minute = new TimeWindow(60_000, 120_000);
    minute.maxTimestamp(); // 119_999: an event-time trigger fires when the watermark reaches it
    // end javadoc

    assertThat(minute.maxTimestamp()).isEqualTo(119_999);
  }

  @Test
  void theTriggers() {
    // javadoc: Triggers
    Triggers.eventTime(); // default: fire when the watermark reaches end - 1
    Triggers.processingTime(); // default of processing-time windows: the clock reaches end - 1
    Triggers.count(100); // fire every 100 messages (keeps the contents)
    Triggers.purging(Triggers.count(100)); // fire every 100 messages and start over
    Triggers.never(); // default for Windows.global()
    // end javadoc

    WindowedFunctionSpec.Builder<Void, Void> builder =
        WindowedFunctionSpec.builder(TypeName.of("shop", "clicks"));
    // javadoc: Triggers#processingTime
    builder.window(Windows.tumbling(Duration.ofMinutes(1))).trigger(Triggers.processingTime());
    // end javadoc
    Trigger trigger = builder.process((context, window, messages) -> {}).build().trigger();

    assertThat(trigger).isSameAs(Triggers.processingTime());
    assertThat(defaultTrigger(Windows.global())).isSameAs(Triggers.never());
    assertThat(defaultTrigger(Windows.tumbling(Duration.ofMinutes(1))))
        .isSameAs(Triggers.eventTime());
    assertThat(defaultTrigger(Windows.tumblingProcessingTime(Duration.ofMinutes(1))))
        .isSameAs(Triggers.processingTime());
  }

  private static Trigger defaultTrigger(WindowAssigner assigner) {
    return WindowedFunctionSpec.builder(TypeName.of("shop", "t"))
        .window(assigner)
        .process((context, window, messages) -> {})
        .build()
        .trigger();
  }
}
