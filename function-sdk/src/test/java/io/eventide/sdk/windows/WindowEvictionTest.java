package io.eventide.sdk.windows;

import static io.eventide.sdk.windows.WindowFixtures.A;
import static io.eventide.sdk.windows.WindowFixtures.FIRED;
import static io.eventide.sdk.windows.WindowFixtures.TYPE;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.sdk.Evictor;
import io.eventide.sdk.Evictors;
import io.eventide.sdk.Message;
import io.eventide.sdk.ProcessWindowFunction;
import io.eventide.sdk.TimeWindow;
import io.eventide.sdk.Triggers;
import io.eventide.sdk.Types;
import io.eventide.sdk.WindowedFunctionSpec;
import io.eventide.sdk.Windows;
import io.eventide.sdk.runtime.windows.WindowOperator;
import io.eventide.sdk.testing.FunctionTestDriver;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Evictors in the window operator, run by the function test driver as on the platform: what the
 * function sees at each firing, what is written back, and an aggregate folded over what is left,
 * with the rules of Flink's {@code EvictingWindowOperator}.
 */
class WindowEvictionTest {
  /** Fires "key start end v1,v2,..." (values in the order the function gets them). */
  static final ProcessWindowFunction VALUES =
      (context, window, messages) ->
          context.egress(
              FIRED,
              Types.STRING,
              context.self().id()
                  + " "
                  + window.start()
                  + " "
                  + window.end()
                  + " "
                  + messages.stream()
                      .map(m -> String.valueOf(m.as(Types.LONG)))
                      .collect(Collectors.joining(",")));

  static FunctionTestDriver driver(Evictor evictor, Duration lateness) {
    return FunctionTestDriver.create()
        .register(
            WindowedFunctionSpec.builder(TYPE)
                .window(Windows.tumbling(Duration.ofMillis(100)))
                .allowedLateness(lateness)
                .evictor(evictor)
                .process(VALUES)
                .build());
  }

  @Test
  void countBeforeHandsTheLastAddedAndKeepsOnlyThemForLateFirings() {
    FunctionTestDriver driver = driver(Evictors.count(2), Duration.ofMillis(50));
    driver.send(A, Types.LONG, 1L, 10);
    driver.send(A, Types.LONG, 2L, 5);
    driver.send(A, Types.LONG, 3L, 30);
    driver.advanceWatermark(99);
    // Late but allowed: the window holds 2,3 (1 was evicted and written back), then 4.
    driver.send(A, Types.LONG, 4L, 1);

    assertThat(driver.egress(FIRED, Types.STRING)).containsExactly("a 0 100 2,3", "a 0 100 3,4");
  }

  @Test
  void countAfterHandsEverythingThenEvicts() {
    FunctionTestDriver driver = driver(Evictors.count(1, true), Duration.ofMillis(50));
    driver.send(A, Types.LONG, 1L, 10);
    driver.send(A, Types.LONG, 2L, 20);
    driver.advanceWatermark(99);
    driver.send(A, Types.LONG, 3L, 1);

    assertThat(driver.egress(FIRED, Types.STRING)).containsExactly("a 0 100 1,2", "a 0 100 2,3");
  }

  @Test
  void aWindowEvictedEmptyStillFiresOnceAndThenOnlyForNewMessages() {
    FunctionTestDriver driver = driver(Evictors.time(Duration.ZERO), Duration.ofMillis(50));
    driver.send(A, Types.LONG, 1L, 10);
    driver.advanceWatermark(99);
    // The function ran with nothing left; the window is now empty.
    assertThat(driver.egress(FIRED, Types.STRING)).containsExactly("a 0 100 ");

    driver.send(A, Types.LONG, 2L, 3);
    assertThat(driver.egress(FIRED, Types.STRING)).containsExactly("a 0 100 ", "a 0 100 ");
    driver.advanceWatermark(149);
    assertThat(driver.egress(FIRED, Types.STRING)).hasSize(2);
    assertThat(driver.state(A, WindowOperator.WINDOWS)).isEmpty();
  }

  @Test
  void anAggregateIsFoldedOverWhatIsLeftAtEachFiring() {
    FunctionTestDriver driver =
        FunctionTestDriver.create()
            .register(
                WindowFixtures.sums()
                    .window(Windows.sliding(Duration.ofMillis(100), Duration.ofMillis(50)))
                    .evictor(Evictors.delta(10, Types.LONG, (older, last) -> last - older))
                    .build());
    driver.send(A, Types.LONG, 1L, 60);
    driver.send(A, Types.LONG, 20L, 70);
    driver.send(A, Types.LONG, 25L, 80);
    driver.advanceWatermark(199);

    // Last added 25: 1 is 24 away and evicted; 20 and 25 are summed, in both windows.
    assertThat(driver.egress(FIRED, Types.STRING)).containsExactly("a 0 100 45", "a 50 150 45");
  }

  @Test
  void aCustomEvictorSeesTheWindowAndTheWatermark() {
    Evictor keepAboveWatermark =
        new Evictor() {
          @Override
          public void evictAfter(List<Message> elements, TimeWindow window, EvictorContext c) {
            elements.removeIf(m -> m.eventTime() < window.start() + c.currentWatermark() % 100);
          }
        };
    FunctionTestDriver driver = driver(keepAboveWatermark, Duration.ofMillis(100));
    driver.send(A, Types.LONG, 1L, 10);
    driver.send(A, Types.LONG, 2L, 60);
    driver.advanceWatermark(149); // fires [0, 100), then evicts before 49
    driver.send(A, Types.LONG, 3L, 20);

    assertThat(driver.egress(FIRED, Types.STRING)).containsExactly("a 0 100 1,2", "a 0 100 2,3");
  }

  @Test
  void processingTimeWindowsAndCountTriggersEvictAtEachFiring() {
    FunctionTestDriver driver =
        FunctionTestDriver.create()
            .register(
                WindowedFunctionSpec.builder(TYPE)
                    .window(Windows.tumblingProcessingTime(Duration.ofMillis(100)))
                    .trigger(Triggers.count(2))
                    .evictor(Evictors.count(1, true))
                    .process(VALUES)
                    .build());
    driver.send(A, Types.LONG, 1L);
    driver.send(A, Types.LONG, 2L); // fires 1,2 and keeps 2
    driver.send(A, Types.LONG, 3L);
    driver.send(A, Types.LONG, 4L); // fires 2,3,4 and keeps 4
    driver.advanceProcessingTime(Duration.ofMillis(100)); // cleanup, no firing

    assertThat(driver.egress(FIRED, Types.STRING)).containsExactly("a 0 100 1,2", "a 0 100 2,3,4");
    assertThat(driver.state(A, WindowOperator.WINDOWS)).isEmpty();
  }

  @Test
  void sessionsWithAnEvictorKeepEveryMessageOfTheMergedSession() {
    FunctionTestDriver driver =
        FunctionTestDriver.create()
            .register(
                WindowedFunctionSpec.builder(TYPE)
                    .window(Windows.session(Duration.ofMillis(20)))
                    .evictor(Evictors.count(10))
                    .process(VALUES)
                    .build());
    driver.send(A, Types.LONG, 1L, 0);
    driver.send(A, Types.LONG, 2L, 30);
    driver.send(A, Types.LONG, 3L, 15); // bridges both sessions
    driver.advanceWatermark(100);

    assertThat(driver.egress(FIRED, Types.STRING))
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line).startsWith("a 0 50 ");
              assertThat(line.substring(7).split(",")).containsExactlyInAnyOrder("1", "2", "3");
            });
  }
}
