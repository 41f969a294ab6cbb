package io.eventide.sdk.windows;

import static io.eventide.sdk.windows.WindowFixtures.A;
import static io.eventide.sdk.windows.WindowFixtures.FIRED;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.sdk.Address;
import io.eventide.sdk.Message;
import io.eventide.sdk.TimeWindow;
import io.eventide.sdk.Trigger;
import io.eventide.sdk.TriggerResult;
import io.eventide.sdk.Triggers;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.WindowedFunctionSpec;
import io.eventide.sdk.Windows;
import io.eventide.sdk.runtime.windows.WindowOperator;
import io.eventide.sdk.testing.FunctionTestDriver;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TriggersAndFunctionsTest {
  private static final Duration TEN = Duration.ofMillis(10);
  private static final TypeName COLLECTOR = TypeName.of("test", "collector");

  private final FunctionTestDriver driver = FunctionTestDriver.create();

  @Test
  void aCountTriggerOnTheGlobalWindowFiresEveryNElementsAndKeepsTheContents() {
    driver.register(
        WindowFixtures.sums().window(Windows.global()).trigger(Triggers.count(3)).build());
    for (long i = 1; i <= 7; i++) {
      driver.send(A, Types.LONG, i, i);
    }
    driver.advanceWatermark(Long.MAX_VALUE);

    String global = "a " + Long.MIN_VALUE + " " + Long.MAX_VALUE;
    assertThat(driver.egress(FIRED, Types.STRING)).containsExactly(global + " 6", global + " 21");
    assertThat(driver.pendingTimers(A)).isEmpty();
  }

  @Test
  void theGlobalWindowNeverFiresByDefault() {
    driver.register(WindowFixtures.sums().window(Windows.global()).build());
    driver.send(A, Types.LONG, 1L, 1);
    driver.advanceWatermark(Long.MAX_VALUE);

    assertThat(driver.egress(FIRED, Types.STRING)).isEmpty();
    assertThat(driver.state(A, WindowOperator.WINDOWS)).isPresent();
  }

  @Test
  void aCountTriggerOnTumblingWindowsDoesNotFireAtTheEndButCleansUp() {
    driver.register(
        WindowFixtures.sums().window(Windows.tumbling(TEN)).trigger(Triggers.count(2)).build());
    driver.send(A, Types.LONG, 1L, 1);
    driver.send(A, Types.LONG, 2L, 2);
    driver.send(A, Types.LONG, 4L, 3);
    driver.advanceWatermark(9);

    assertThat(driver.egress(FIRED, Types.STRING)).containsExactly("a 0 10 3");
    assertThat(driver.state(A, WindowOperator.WINDOWS)).isEmpty();
  }

  @Test
  void aPurgingTriggerStartsEachFiringAfresh() {
    driver.register(
        WindowFixtures.sums()
            .window(Windows.tumbling(TEN))
            .trigger(Triggers.purging(Triggers.count(2)))
            .build());
    for (long i = 1; i <= 5; i++) {
      driver.send(A, Types.LONG, i, i);
    }
    driver.advanceWatermark(9);

    assertThat(driver.egress(FIRED, Types.STRING)).containsExactly("a 0 10 3", "a 0 10 7");
  }

  @Test
  void aCustomTriggerFiresOnElementAndOnItsOwnTimers() {
    Trigger earlyAndAtEnd =
        new Trigger() {
          @Override
          public TriggerResult onElement(
              Message message, long timestamp, TimeWindow window, TriggerContext context) {
            context.registerEventTimeTimer(window.start() + 4);
            return message.as(Types.LONG) == 100L
                ? TriggerResult.FIRE_AND_PURGE
                : TriggerResult.CONTINUE;
          }

          @Override
          public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext context) {
            return TriggerResult.FIRE;
          }
        };
    driver.register(
        WindowFixtures.sums().window(Windows.tumbling(TEN)).trigger(earlyAndAtEnd).build());
    driver.send(A, Types.LONG, 1L, 1);
    driver.send(A, Types.LONG, 100L, 2);
    driver.send(A, Types.LONG, 2L, 3);
    driver.advanceWatermark(4);
    driver.send(A, Types.LONG, 4L, 5);
    driver.advanceWatermark(9);

    // The timer at 4 registered again at watermark 4 fires at the next advance, and the cleanup
    // timer at 9 reaches onEventTime too, which says FIRE: two firings of 6, as in Flink.
    assertThat(driver.egress(FIRED, Types.STRING))
        .containsExactly("a 0 10 101", "a 0 10 2", "a 0 10 6", "a 0 10 6");
  }

  @Test
  void aProcessWindowFunctionGetsEveryMessageOfTheWindowInOrder() {
    driver.register(
        WindowedFunctionSpec.builder(WindowFixtures.TYPE)
            .window(Windows.tumbling(TEN))
            .process(
                (context, window, messages) ->
                    context.egress(
                        FIRED,
                        Types.STRING,
                        window
                            + " "
                            + messages.stream()
                                .map(m -> m.as(Types.STRING) + "@" + m.eventTime())
                                .toList()))
            .build());
    driver.send(A, Types.STRING, "x", 5);
    driver.send(A, Types.STRING, "y", 1);
    driver.send(A, Types.STRING, "z", 12);
    driver.advanceWatermark(19);

    assertThat(driver.egress(FIRED, Types.STRING))
        .containsExactly(
            "TimeWindow[start=0, end=10] [x@5, y@1]", "TimeWindow[start=10, end=20] [z@12]");
  }

  @Test
  void theWindowFunctionRunsAsTheKeyedAddressAndMaySendAndEgress() {
    driver.register(
        COLLECTOR,
        () ->
            (context, message) ->
                context.egress(
                    "collected",
                    Types.STRING,
                    context.caller().map(Address::toString).orElse("?")
                        + " "
                        + message.as(Types.LONG)));
    driver.register(
        WindowedFunctionSpec.builder(WindowFixtures.TYPE)
            .window(Windows.tumbling(TEN))
            .aggregate(
                WindowFixtures.SUM,
                (context, window, sum) -> {
                  context.send(Address.of("test", "collector", "all"), Types.LONG, sum);
                  context.egress("sums", Types.STRING, context.self().id() + "=" + sum);
                })
            .build());
    driver.send(A, Types.LONG, 3L, 1);
    driver.send(A, Types.LONG, 4L, 2);
    driver.advanceWatermark(9);

    assertThat(driver.egress("sums", Types.STRING)).containsExactly("a=7");
    assertThat(driver.egress("collected", Types.STRING)).containsExactly(A + " 7");
    assertThat(driver.egressRecords("sums"))
        .singleElement()
        .extracting(r -> r.eventTime())
        .isEqualTo(9L);
  }
}
