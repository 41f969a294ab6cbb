package io.eventide.sdk.windows;

import static io.eventide.sdk.windows.WindowFixtures.A;
import static io.eventide.sdk.windows.WindowFixtures.FIRED;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.sdk.AggregateFunction;
import io.eventide.sdk.Message;
import io.eventide.sdk.Type;
import io.eventide.sdk.Types;
import io.eventide.sdk.WindowedFunctionSpec;
import io.eventide.sdk.Windows;
import io.eventide.sdk.runtime.windows.WindowOperator;
import io.eventide.sdk.testing.FunctionTestDriver;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Accumulators that grow past what the window index keeps inline (256 bytes) move to a value of
 * their own and back, through adds, session merges, late firings and cleanup, with the same
 * results.
 */
class LargeAccumulatorsTest {
  /** Concatenates every value: 100 values of 4 digits are 500 bytes. */
  private static final AggregateFunction<String, String> JOIN =
      new AggregateFunction<>() {
        @Override
        public String createAccumulator() {
          return "";
        }

        @Override
        public String add(Message message, String accumulator) {
          return accumulator + message.as(Types.LONG) + ",";
        }

        @Override
        public String merge(String a, String b) {
          return a + b;
        }

        @Override
        public String getResult(String accumulator) {
          return accumulator.length() + ":" + accumulator.chars().filter(c -> c == ',').count();
        }

        @Override
        public Type<String> accumulatorType() {
          return Types.STRING;
        }
      };

  private final FunctionTestDriver driver = FunctionTestDriver.create();

  @Test
  void aGrowingSessionAndAMergeOfTwoLargeOnesKeepEveryValue() {
    driver.register(
        WindowedFunctionSpec.builder(WindowFixtures.TYPE)
            .window(Windows.session(Duration.ofMillis(10)))
            .aggregate(
                JOIN,
                (context, window, result) ->
                    context.egress(
                        FIRED, Types.STRING, window.start() + " " + window.end() + " " + result))
            .build());
    for (int i = 0; i < 100; i++) {
      driver.send(A, Types.LONG, 1000L + i, i); // one session [0, 109), 500 bytes
      driver.send(A, Types.LONG, 2000L + i, 200 + i); // another [200, 309)
    }
    assertThat(driver.egress(FIRED, Types.STRING)).isEmpty();
    for (long t = 105; t < 200; t += 9) {
      driver.send(A, Types.LONG, 3000L, t); // 11 bridges [105, 205): one session
    }

    driver.advanceWatermark(1_000);

    assertThat(driver.egress(FIRED, Types.STRING)).containsExactly("0 309 " + 211 * 5 + ":" + 211);
    assertThat(driver.state(A, WindowOperator.WINDOWS)).isEmpty();
  }

  @Test
  void anAccumulatorThatShrinksMovesBackIntoTheIndex() {
    AggregateFunction<String, String> lastWins =
        new AggregateFunction<>() {
          @Override
          public String createAccumulator() {
            return "";
          }

          @Override
          public String add(Message message, String accumulator) {
            return "x".repeat((int) (long) message.as(Types.LONG));
          }

          @Override
          public String merge(String a, String b) {
            return a + b;
          }

          @Override
          public String getResult(String accumulator) {
            return String.valueOf(accumulator.length());
          }

          @Override
          public Type<String> accumulatorType() {
            return Types.STRING;
          }
        };
    driver.register(
        WindowedFunctionSpec.builder(WindowFixtures.TYPE)
            .window(Windows.tumbling(Duration.ofMillis(10)))
            .aggregate(
                lastWins, (context, window, result) -> context.egress(FIRED, Types.STRING, result))
            .build());
    driver.send(A, Types.LONG, 300L, 1);
    driver.send(A, Types.LONG, 3L, 2);
    driver.send(A, Types.LONG, 100_000L, 11);

    driver.advanceWatermark(100);

    assertThat(driver.egress(FIRED, Types.STRING)).containsExactly("3", "100000");
  }
}
