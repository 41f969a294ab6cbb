package io.eventide.sdk.windows;

import static io.eventide.sdk.windows.WindowFixtures.A;
import static io.eventide.sdk.windows.WindowFixtures.B;
import static io.eventide.sdk.windows.WindowFixtures.FIRED;
import static io.eventide.sdk.windows.WindowFixtures.TYPE;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.sdk.ListSpec;
import io.eventide.sdk.ProcessWindowFunction;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;
import io.eventide.sdk.WindowAssigner;
import io.eventide.sdk.WindowedFunctionSpec;
import io.eventide.sdk.Windows;
import io.eventide.sdk.runtime.windows.WindowOperator;
import io.eventide.sdk.testing.FunctionTestDriver;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Per-window and per-key state of a process window function ({@code WindowContext}), as Flink's
 * {@code windowState()} and {@code globalState()}: window state lives through a window's late
 * firings and goes with the window, global state lives across windows.
 */
class WindowStateTest {
  static final ValueSpec<Long> FIRINGS = ValueSpec.named("firings").withType(Types.LONG);
  static final ValueSpec<Long> TOTAL = ValueSpec.named("total").withType(Types.LONG);
  static final ListSpec<Long> ENDS = ListSpec.named("ends").withType(Types.LONG);

  /** "key start firing total": the window's firings so far, the key's messages so far. */
  static final ProcessWindowFunction.WithState COUNTING =
      (context, window, messages) -> {
        long firings = window.windowState().get(FIRINGS).orElse(0L) + 1;
        window.windowState().set(FIRINGS, firings);
        long total = window.globalState().get(TOTAL).orElse(0L) + messages.size();
        window.globalState().set(TOTAL, total);
        window.globalState().list(ENDS).add(window.window().end());
        context.egress(
            FIRED,
            Types.STRING,
            context.self().id() + " " + window.window().start() + " " + firings + " " + total);
      };

  static FunctionTestDriver driver(WindowAssigner assigner) {
    return FunctionTestDriver.create()
        .withMaxAttempts(1)
        .register(
            WindowedFunctionSpec.builder(TYPE)
                .window(assigner)
                .allowedLateness(Duration.ofMillis(50))
                .processWithState(COUNTING)
                .build());
  }

  @Test
  void windowStateCountsLateFiringsAndGlobalStateRunsAcrossWindows() {
    FunctionTestDriver driver = driver(Windows.tumbling(Duration.ofMillis(100)));
    driver.send(A, Types.LONG, 1L, 10);
    driver.send(A, Types.LONG, 1L, 20);
    driver.send(B, Types.LONG, 1L, 30);
    driver.send(A, Types.LONG, 1L, 110);
    driver.advanceWatermark(99);
    driver.send(A, Types.LONG, 1L, 40); // late, allowed: [0, 100) fires a second time
    driver.advanceWatermark(199);

    assertThat(driver.egress(FIRED, Types.STRING))
        .containsExactly("a 0 1 2", "b 0 1 1", "a 0 2 5", "a 100 1 6");
    assertThat(driver.state(A, ENDS)).containsExactly(100L, 100L, 200L);
  }

  @Test
  void windowStateGoesWithItsWindowAndGlobalStateStays() {
    FunctionTestDriver driver = driver(Windows.tumbling(Duration.ofMillis(100)));
    driver.send(A, Types.LONG, 1L, 10);
    driver.advanceWatermark(148);
    assertThat(driver.state(A, WindowOperator.WINDOWS)).as("kept until cleanup").isPresent();

    driver.advanceWatermark(149); // [0, 100)'s end plus the lateness: cleaned up
    assertThat(driver.state(A, WindowOperator.WINDOWS)).isEmpty();

    driver.send(A, Types.LONG, 1L, 210);
    driver.advanceWatermark(299);
    assertThat(driver.egress(FIRED, Types.STRING)).containsExactly("a 0 1 1", "a 200 1 2");
  }

  @Test
  void sessionsHaveGlobalStateButNoWindowState() {
    FunctionTestDriver driver =
        FunctionTestDriver.create()
            .withMaxAttempts(1)
            .register(
                WindowedFunctionSpec.builder(TYPE)
                    .window(Windows.session(Duration.ofMillis(10)))
                    .processWithState(
                        (context, window, messages) -> {
                          long total = window.globalState().get(TOTAL).orElse(0L) + 1;
                          window.globalState().set(TOTAL, total);
                          context.egress(FIRED, Types.LONG, total);
                          if (total == 2) {
                            window.windowState();
                          }
                        })
                    .build());
    driver.send(A, Types.LONG, 1L, 0);
    driver.send(A, Types.LONG, 1L, 100);
    driver.advanceWatermark(1_000);

    assertThat(driver.egress(FIRED, Types.LONG)).containsExactly(1L);
    assertThat(driver.deadLetters())
        .singleElement()
        .satisfies(
            letter ->
                assertThat(letter.toString())
                    .contains("per-window state is not allowed with merging"));
  }
}
