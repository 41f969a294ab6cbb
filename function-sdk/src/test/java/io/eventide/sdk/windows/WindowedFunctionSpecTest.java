package io.eventide.sdk.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.sdk.FunctionRegistry;
import io.eventide.sdk.Message;
import io.eventide.sdk.TimeWindow;
import io.eventide.sdk.Trigger;
import io.eventide.sdk.TriggerResult;
import io.eventide.sdk.Triggers;
import io.eventide.sdk.WindowedFunctionSpec;
import io.eventide.sdk.Windows;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WindowedFunctionSpecTest {
  private static final Duration TEN = Duration.ofMillis(10);

  @Test
  void defaultsAreEventTimeTriggerNoLatenessAndDroppingLateMessages() {
    WindowedFunctionSpec<Long, Long> spec =
        WindowFixtures.sums().window(Windows.tumbling(TEN)).build();

    assertThat(spec.trigger()).isSameAs(Triggers.eventTime());
    assertThat(spec.allowedLateness()).isZero();
    assertThat(spec.lateMessageHandler()).isEmpty();
    assertThat(spec.aggregateFunction()).contains(WindowFixtures.SUM);
    assertThat(WindowFixtures.sums().window(Windows.global()).build().trigger())
        .isSameAs(Triggers.never());
  }

  @Test
  void aSpecNeedsAWindowAndExactlyOneWindowFunction() {
    assertThatThrownBy(() -> WindowFixtures.sums().build())
        .hasMessageContaining("has no window")
        .hasMessageContaining("Windows.tumbling");
    assertThatThrownBy(
            () ->
                WindowedFunctionSpec.builder(WindowFixtures.TYPE).window(Windows.global()).build())
        .hasMessageContaining("aggregate(...) or process(...)");
    assertThatThrownBy(() -> WindowFixtures.sums().process((context, window, messages) -> {}))
        .hasMessageContaining("already has a window function");
    assertThatThrownBy(
            () -> WindowFixtures.sums().processWithState((context, window, messages) -> {}))
        .hasMessageContaining("already has a window function; processWithState(...)");
  }

  @Test
  void sessionsRejectATriggerThatCannotMerge() {
    Trigger plain =
        new Trigger() {
          @Override
          public TriggerResult onElement(
              Message message, long timestamp, TimeWindow window, TriggerContext context) {
            return TriggerResult.CONTINUE;
          }

          @Override
          public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext context) {
            return TriggerResult.CONTINUE;
          }
        };
    assertThatThrownBy(
            () -> WindowFixtures.sums().window(Windows.session(TEN)).trigger(plain).build())
        .hasMessageContaining("session")
        .hasMessageContaining("canMerge() is false");
  }

  @Test
  void badValuesNameTheValueAndTheRule() {
    assertThatThrownBy(() -> WindowFixtures.sums().allowedLateness(Duration.ofMillis(-1)))
        .hasMessage("allowed lateness must not be negative, was PT-0.001S");
    assertThatThrownBy(() -> Windows.tumbling(Duration.ZERO)).hasMessageContaining("at least 1 ms");
    assertThatThrownBy(() -> Windows.tumbling(TEN, TEN))
        .hasMessageContaining("must be smaller in magnitude");
    assertThatThrownBy(() -> Windows.sliding(TEN, Duration.ofMillis(5), Duration.ofMillis(-5)))
        .hasMessageContaining("must be smaller in magnitude");
    assertThatThrownBy(() -> Triggers.count(0))
        .hasMessage("trigger count must be at least 1, was 0");
    assertThatThrownBy(() -> new TimeWindow(5, 5)).hasMessageContaining("must be after its start");
  }

  @Test
  void aRegistryWithoutWindowSupportSaysSo() {
    FunctionRegistry plain = (type, factory, state) -> {};
    WindowedFunctionSpec<Long, Long> spec =
        WindowFixtures.sums().window(Windows.tumbling(TEN)).build();

    assertThatThrownBy(() -> plain.register(spec))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessage("windowed functions are not supported by this registry");
  }
}
