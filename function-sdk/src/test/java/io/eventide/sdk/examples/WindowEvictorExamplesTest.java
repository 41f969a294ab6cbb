package io.eventide.sdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.sdk.Address;
import io.eventide.sdk.Context;
import io.eventide.sdk.DeltaFunction;
import io.eventide.sdk.Evictor;
import io.eventide.sdk.Evictor.EvictorContext;
import io.eventide.sdk.Evictors;
import io.eventide.sdk.Message;
import io.eventide.sdk.ProcessWindowFunction;
import io.eventide.sdk.TimeWindow;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;
import io.eventide.sdk.WindowContext;
import io.eventide.sdk.WindowedFunctionSpec;
import io.eventide.sdk.Windows;
import io.eventide.sdk.testing.FunctionTestDriver;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Javadoc examples of evictors and window state, run through {@code FunctionTestDriver}. */
class WindowEvictorExamplesTest {
  static final ValueSpec<Long> FIRINGS = ValueSpec.named("firings").withType(Types.LONG);
  static final ValueSpec<Long> TOTAL = ValueSpec.named("total").withType(Types.LONG);
  final TypeName type = TypeName.of("shop", "per-minute");

  // javadoc: Evictor
  Evictor dropNegatives =
      new Evictor() {
        public void evictBefore(List<Message> elements, TimeWindow window, EvictorContext context) {
          elements.removeIf(m -> m.as(Types.LONG) < 0);
        }
      };

  // end javadoc

  // javadoc: DeltaFunction
  DeltaFunction<Long> distance = (older, newest) -> Math.abs(newest - older);

  // end javadoc

  // javadoc: Evictors#delta
  Evictor near = Evictors.delta(100.0, Types.LONG, (older, newest) -> Math.abs(newest - older));

  // end javadoc

  // javadoc: ProcessWindowFunction.WithState
  ProcessWindowFunction.WithState firings =
      (context, window, messages) -> {
        long n = window.windowState().get(FIRINGS).orElse(0L) + 1;
        window.windowState().set(FIRINGS, n);
        context.egress("firings", Types.STRING, window.window() + " fired " + n + " times");
      };

  // end javadoc

  long watermark(EvictorContext context) {
    // javadoc: Evictor.EvictorContext
    long now = context.currentWatermark();
    // end javadoc
    return now;
  }

  void totals(Context context, WindowContext window, List<Message> messages) {
    // javadoc: WindowContext
    long firings = window.windowState().get(FIRINGS).orElse(0L) + 1;
    window.windowState().set(FIRINGS, firings); // 1 on time, 2 at the first late firing
    long total = window.globalState().get(TOTAL).orElse(0L) + messages.size();
    window.globalState().set(TOTAL, total); // across all of this key's windows
    // end javadoc
    context.egress("totals", Types.STRING, firings + " " + total);
  }

  WindowedFunctionSpec<Void, Void> lastTen() {
    return
    // javadoc: Evictors
    WindowedFunctionSpec.builder(TypeName.of("shop", "last-10-prices"))
        .window(Windows.sliding(Duration.ofMinutes(5), Duration.ofMinutes(1)))
        .evictor(Evictors.count(10))
        .process(
            (context, window, messages) ->
                context.egress("prices", Types.LONG, (long) messages.size()))
        .build();
    // end javadoc
  }

  WindowedFunctionSpec<Void, Void> withState() {
    return
    // javadoc: WindowedFunctionSpec.Builder#processWithState
    WindowedFunctionSpec.builder(type)
        .window(Windows.tumbling(Duration.ofMinutes(1)))
        .processWithState(firings)
        .build();
    // end javadoc
  }

  @Test
  void theExamplesRun() throws Exception {
    FunctionTestDriver driver =
        FunctionTestDriver.create()
            .register(lastTen())
            .register(withState())
            .register(
                WindowedFunctionSpec.builder(TypeName.of("shop", "totals"))
                    .window(Windows.tumbling(Duration.ofMinutes(1)))
                    .allowedLateness(Duration.ofMinutes(1))
                    .evictor(dropNegatives)
                    .processWithState(this::totals)
                    .build());
    Address prices = Address.of("shop", "last-10-prices", "p");
    for (long i = 0; i < 12; i++) {
      driver.send(prices, Types.LONG, i, 1_000 * i);
    }
    driver.send(Address.of("shop", "per-minute", "a"), Types.LONG, 1L, 0);
    Address totals = Address.of("shop", "totals", "t");
    driver.send(totals, Types.LONG, -1L, 0);
    driver.send(totals, Types.LONG, 2L, 0);
    driver.advanceWatermark(59_999);
    driver.send(totals, Types.LONG, 3L, 0);

    assertThat(driver.egress("prices", Types.LONG)).first().isEqualTo(10L);
    assertThat(driver.egress("firings", Types.STRING))
        .containsExactly("TimeWindow[start=0, end=60000] fired 1 times");
    assertThat(driver.egress("totals", Types.STRING)).containsExactly("1 1", "2 3");
    assertThat(distance.getDelta(3L, 1L)).isEqualTo(2.0);
    assertThat(near).hasToString("Evictors.delta(100.0)");
    assertThat(watermark(evictorContext())).isEqualTo(7L);
  }

  static EvictorContext evictorContext() {
    return new EvictorContext() {
      @Override
      public long currentWatermark() {
        return 7;
      }

      @Override
      public long currentProcessingTime() {
        return 0;
      }
    };
  }
}
