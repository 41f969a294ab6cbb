package io.eventide.sdk.windows;

import static io.eventide.sdk.windows.WindowFixtures.A;
import static io.eventide.sdk.windows.WindowFixtures.FIRED;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.sdk.Types;
import io.eventide.sdk.WindowedFunctionSpec;
import io.eventide.sdk.Windows;
import io.eventide.sdk.runtime.windows.WindowOperator;
import io.eventide.sdk.testing.FunctionTestDriver;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SessionWindowsTest {
  private static final Duration GAP = Duration.ofMillis(10);

  private final FunctionTestDriver driver = FunctionTestDriver.create();

  @Test
  void aBridgingElementMergesTwoSessionsAndTheirAccumulators() {
    driver.register(WindowFixtures.sums().window(Windows.session(GAP)).build());
    driver.send(A, Types.LONG, 1L, 0);
    driver.send(A, Types.LONG, 2L, 20);
    driver.advanceWatermark(8);
    driver.send(A, Types.LONG, 4L, 10); // [10,20) touches [0,10) and [20,30)

    driver.advanceWatermark(9); // the timer of [0,10) was deleted by the merge
    driver.advanceWatermark(28);
    assertThat(driver.egress(FIRED, Types.STRING)).isEmpty();

    driver.advanceWatermark(29);
    assertThat(driver.egress(FIRED, Types.STRING)).containsExactly("a 0 30 7");
    assertThat(driver.state(A, WindowOperator.WINDOWS)).isEmpty();
  }

  @Test
  void sessionsThatDoNotTouchFireSeparately() {
    driver.register(WindowFixtures.sums().window(Windows.session(GAP)).build());
    driver.send(A, Types.LONG, 1L, 0);
    driver.send(A, Types.LONG, 2L, 11); // [11,21) is one ms away from [0,10)
    driver.send(A, Types.LONG, 4L, 5); // extends [0,10) to [0,15), which now overlaps [11,21)

    driver.advanceWatermark(100);
    assertThat(driver.egress(FIRED, Types.STRING)).containsExactly("a 0 21 7");
  }

  @Test
  void anElementInsideASessionDoesNotExtendIt() {
    driver.register(WindowFixtures.sums().window(Windows.session(GAP)).build());
    driver.send(A, Types.LONG, 1L, 0);
    driver.send(A, Types.LONG, 2L, 30);
    driver.send(A, Types.LONG, 4L, 0);
    driver.send(A, Types.LONG, 8L, 9); // [9,19) extends [0,10) to [0,19)

    driver.advanceWatermark(18);
    driver.advanceWatermark(39);
    assertThat(driver.egress(FIRED, Types.STRING)).containsExactly("a 0 19 13", "a 30 40 2");
  }

  @Test
  void processWindowsOfMergedSessionsGetEveryElement() {
    driver.register(
        WindowedFunctionSpec.builder(WindowFixtures.TYPE)
            .window(Windows.session(GAP))
            .process(
                (context, window, messages) ->
                    context.egress(
                        FIRED,
                        Types.STRING,
                        window.start()
                            + " "
                            + window.end()
                            + " "
                            + messages.stream()
                                .map(m -> m.as(Types.LONG) + "@" + m.eventTime())
                                .toList()))
            .build());
    driver.send(A, Types.LONG, 1L, 0);
    driver.send(A, Types.LONG, 2L, 20);
    driver.send(A, Types.LONG, 3L, 10);

    driver.advanceWatermark(29);
    assertThat(driver.egress(FIRED, Types.STRING)).containsExactly("0 30 [1@0, 2@20, 3@10]");
  }

  @Test
  void allowedLateMessagesReFireTheMergedSession() {
    driver.register(
        WindowFixtures.sums().window(Windows.session(GAP)).allowedLateness(GAP).build());
    driver.send(A, Types.LONG, 1L, 0);
    driver.advanceWatermark(9);
    driver.send(A, Types.LONG, 2L, 8); // not late: extends the fired [0,10) to [0,18)
    driver.advanceWatermark(17);

    driver.advanceWatermark(20);
    driver.send(A, Types.LONG, 4L, 1); // allowed-late, inside [0,18): fires again at once
    driver.advanceWatermark(27); // cleanup of [0,18)
    driver.send(A, Types.LONG, 8L, 2); // late: dropped and counted

    assertThat(driver.egress(FIRED, Types.STRING))
        .containsExactly("a 0 10 1", "a 0 18 3", "a 0 18 7");
    assertThat(driver.state(A, WindowOperator.WINDOWS)).isEmpty();
    assertThat(driver.state(A, WindowOperator.LATE_DROPPED)).contains(1L);
  }
}
