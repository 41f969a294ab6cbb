package io.eventide.sdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.sdk.Address;
import io.eventide.sdk.AggregateFunction;
import io.eventide.sdk.FunctionModule;
import io.eventide.sdk.Message;
import io.eventide.sdk.ProcessWindowFunction;
import io.eventide.sdk.SourceSpec;
import io.eventide.sdk.Type;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.WindowFunction;
import io.eventide.sdk.WindowedFunctionSpec;
import io.eventide.sdk.Windows;
import io.eventide.sdk.testing.FunctionTestDriver;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Javadoc examples of windowed functions, run through {@code FunctionTestDriver}. */
class WindowedFunctionExamplesTest {
  // javadoc: AggregateFunction
  AggregateFunction<Long, Long> sum =
      new AggregateFunction<>() {
        public Long createAccumulator() {
          return 0L;
        }

        public Long add(Message message, Long acc) {
          return acc + message.as(Types.LONG);
        }

        public Long merge(Long a, Long b) {
          return a + b;
        }

        public Long getResult(Long acc) {
          return acc;
        }

        public Type<Long> accumulatorType() {
          return Types.LONG;
        }
      };
  // end javadoc

  // javadoc: WindowFunction
  WindowFunction<Long> emit =
      (context, window, sum) ->
          context.egress("sums", Types.STRING, context.self().id() + " " + window + " " + sum);
  // end javadoc

  // javadoc: ProcessWindowFunction
  ProcessWindowFunction distinct =
      (context, window, messages) -> {
        long users = messages.stream().map(m -> m.as(Types.STRING)).distinct().count();
        context.egress("distinct-users", Types.LONG, users);
      };

  // end javadoc

  /** Counts messages, whatever they hold. */
  AggregateFunction<Long, Long> countClicks =
      new AggregateFunction<>() {
        public Long createAccumulator() {
          return 0L;
        }

        public Long add(Message message, Long acc) {
          return acc + 1;
        }

        public Long merge(Long a, Long b) {
          return a + b;
        }

        public Long getResult(Long acc) {
          return acc;
        }

        public Type<Long> accumulatorType() {
          return Types.LONG;
        }
      };

  final FunctionTestDriver driver = FunctionTestDriver.create();
  final Address alice = Address.of("shop", "clicks-per-minute", "alice");

  @Test
  void aTumblingSumFiresAtTheWatermark() {
    TypeName type = TypeName.of("shop", "sums");
    // javadoc: FunctionTestDriver#register
    driver.register(
        WindowedFunctionSpec.builder(type)
            .window(Windows.tumbling(Duration.ofSeconds(10)))
            .aggregate(sum, (context, window, total) -> context.egress("sums", Types.LONG, total))
            .build());
    driver.send(Address.of("shop", "sums", "alice"), Types.LONG, 5L, 1_000);
    driver.advanceWatermark(9_999); // fires [0, 10000)
    // end javadoc

    assertThat(driver.egress("sums", Types.LONG)).containsExactly(5L);
  }

  @Test
  void aModuleRegistersAFunctionAWindowedFunctionAndASource() {
    AggregateFunction<Long, Long> count = countClicks;
    FunctionModule shop =
        registry -> {
          // javadoc: FunctionRegistry
          registry.register(TypeName.of("shop", "counter"), Counter::new, Counter.COUNT);
          registry.register(
              WindowedFunctionSpec.builder(TypeName.of("shop", "clicks-per-minute"))
                  .window(Windows.tumbling(Duration.ofMinutes(1)))
                  .aggregate(count, emit)
                  .build());
          registry.register(
              SourceSpec.named("clicks").outOfOrderness(Duration.ofSeconds(2)).build());
          // end javadoc
        };
    driver.install(shop);

    driver.send(alice, Types.STRING, "click", 1_000);
    driver.send(alice, Types.STRING, "click", 2_000);
    driver.advanceWatermark(59_999);

    assertThat(driver.egress("sums", Types.STRING))
        .containsExactly("alice TimeWindow[start=0, end=60000] 2");
  }

  @Test
  void lateClicksGoToTheirOwnEgress() {
    FunctionModule shop =
        registry -> {
          // javadoc: WindowedFunctionSpec
          registry.register(
              WindowedFunctionSpec.builder(TypeName.of("shop", "clicks-per-minute"))
                  .window(Windows.tumbling(Duration.ofMinutes(1)))
                  .allowedLateness(Duration.ofSeconds(5))
                  .aggregate(
                      countClicks,
                      (context, window, count) -> context.egress("clicks", Types.LONG, count))
                  .onLateMessage(
                      (context, message) ->
                          context.egress("late-clicks", Types.BYTES, message.payload()))
                  .build());
          // end javadoc
        };
    driver.install(shop);

    driver.send(alice, Types.STRING, "a", 10_000);
    driver.advanceWatermark(59_999);
    driver.send(alice, Types.STRING, "within lateness", 20_000);
    driver.advanceWatermark(65_000);
    driver.send(alice, Types.STRING, "too late", 30_000);

    assertThat(driver.egress("clicks", Types.LONG)).containsExactly(1L, 2L);
    assertThat(driver.egress("late-clicks", Types.STRING)).containsExactly("too late");
  }

  @Test
  void aSessionSumsWhatCameWithinItsGap() {
    TypeName type = TypeName.of("shop", "visits");
    // javadoc: WindowedFunctionSpec.Builder
    WindowedFunctionSpec<Long, Long> spec =
        WindowedFunctionSpec.builder(type)
            .window(Windows.session(Duration.ofMinutes(30)))
            .aggregate(sum, emit)
            .build();
    // end javadoc
    driver.register(spec);

    driver.send(Address.of("shop", "visits", "alice"), Types.LONG, 2L, 0);
    driver.send(
        Address.of("shop", "visits", "alice"), Types.LONG, 3L, Duration.ofMinutes(10).toMillis());
    driver.advanceWatermark(Duration.ofHours(1).toMillis());

    assertThat(driver.egress("sums", Types.STRING))
        .containsExactly("alice TimeWindow[start=0, end=2400000] 5");
  }

  @Test
  void aProcessFunctionSeesEveryMessage() {
    driver.register(
        WindowedFunctionSpec.builder(TypeName.of("shop", "visitors"))
            .window(Windows.tumbling(Duration.ofMinutes(1)))
            .process(distinct)
            .build());
    Address page = Address.of("shop", "visitors", "home");
    for (String user : new String[] {"ann", "bob", "ann"}) {
      driver.send(page, Types.STRING, user, 1_000);
    }
    driver.advanceWatermark(59_999);

    assertThat(driver.egress("distinct-users", Types.LONG)).containsExactly(2L);
  }
}
