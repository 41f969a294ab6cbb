package io.eventide.sdk.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.sdk.Address;
import io.eventide.sdk.FunctionModule;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.cep.AfterMatchSkipStrategy;
import io.eventide.sdk.cep.CepSpec;
import io.eventide.sdk.cep.IterativeCondition;
import io.eventide.sdk.cep.MalformedPatternException;
import io.eventide.sdk.cep.Pattern;
import io.eventide.sdk.cep.PatternProcessFunction;
import io.eventide.sdk.cep.SimpleCondition;
import io.eventide.sdk.cep.TimedOutPartialMatchHandler;
import io.eventide.sdk.testing.FunctionTestDriver;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Javadoc examples of the CEP library, run. */
class CepExamplesTest {
  static final TypeName TYPE = TypeName.of("shop", "fraud");
  static final Address ALICE = Address.of("shop", "fraud", "alice");

  static Pattern<String> loginThenFailures() {
    // javadoc: Pattern
    Pattern<String> pattern =
        Pattern.<String>begin("start", AfterMatchSkipStrategy.skipPastLastEvent())
            .where(event -> event.startsWith("login"))
            .followedBy("failures")
            .where(event -> event.startsWith("fail"))
            .timesOrMore(3)
            .consecutive()
            .within(Duration.ofMinutes(5));
    // end javadoc
    return pattern;
  }

  @Test
  void aPatternFlagsThreeFailuresAfterALogin() {
    Pattern<String> pattern = loginThenFailures();
    // javadoc: CepSpec
    CepSpec<String> spec =
        CepSpec.builder(TypeName.of("shop", "fraud"), Types.STRING, pattern)
            .process(
                (context, match, timestamp) ->
                    context.egress("alerts", Types.STRING, context.self().id()))
            .onTimedOut(
                (context, partial, timestamp) ->
                    context.egress("abandoned", Types.STRING, context.self().id()))
            .build();
    FunctionModule module = registry -> registry.register(spec.functionSpec());
    // end javadoc
    FunctionTestDriver driver = FunctionTestDriver.of(module);

    driver.send(ALICE, Types.STRING, "login", 1_000);
    driver.send(ALICE, Types.STRING, "fail", 3_000);
    driver.send(ALICE, Types.STRING, "fail", 2_000);
    driver.send(ALICE, Types.STRING, "fail", 4_000);
    driver.advanceWatermark(10_000);

    assertThat(driver.egress("alerts", Types.STRING)).containsExactly("alice");
    driver.send(ALICE, Types.STRING, "login", 20_000);
    driver.advanceWatermark(20_000 + Duration.ofMinutes(5).toMillis());
    assertThat(driver.egress("abandoned", Types.STRING)).containsExactly("alice");
  }

  @Test
  void theBuilderSendsLateMessagesToItsHandler() {
    TypeName type = TYPE;
    Pattern<String> pattern = Pattern.<String>begin("any");
    // javadoc: CepSpec.Builder
    CepSpec<String> spec =
        CepSpec.builder(type, Types.STRING, pattern)
            .process((context, match, timestamp) -> context.egress("matches", Types.STRING, "!"))
            .onLateMessage(
                (context, message) -> context.egress("late", Types.BYTES, message.payload()))
            .build();
    // end javadoc
    // javadoc: CepSpec#functionSpec
    FunctionTestDriver driver = FunctionTestDriver.create().register(spec.functionSpec());
    // end javadoc

    driver.advanceWatermark(100);
    driver.send(ALICE, Types.STRING, "x", 100);
    driver.send(ALICE, Types.STRING, "y", 101);
    driver.advanceWatermark(101);

    assertThat(driver.egress("late", Types.BYTES)).hasSize(1);
    assertThat(driver.egress("matches", Types.STRING)).containsExactly("!");
  }

  @Test
  void conditionsSeeTheEventsTakenSoFar() {
    // javadoc: IterativeCondition
    IterativeCondition<Long> aboveAverage =
        (value, ctx) -> {
          long sum = 0;
          long count = 0;
          for (long earlier : ctx.getEventsForPattern("start")) {
            sum += earlier;
            count++;
          }
          return count > 0 && value * count > sum;
        };
    // end javadoc
    // javadoc: IterativeCondition.Context
    IterativeCondition<Long> rising =
        (value, ctx) -> {
          for (long earlier : ctx.getEventsForPattern("rise")) {
            if (earlier >= value) {
              return false;
            }
          }
          return true;
        };
    // end javadoc
    Pattern<Long> pattern =
        Pattern.<Long>begin("start")
            .times(2)
            .consecutive()
            .next("rise")
            .where(aboveAverage)
            .where(rising)
            .oneOrMore()
            .consecutive();
    CepSpec<Long> spec =
        CepSpec.builder(TYPE, Types.LONG, pattern)
            .process(
                (context, match, timestamp) ->
                    context.egress("rises", Types.STRING, match.get("rise").toString()))
            .build();
    FunctionTestDriver driver = FunctionTestDriver.create().register(spec.functionSpec());
    long time = 0;
    for (long value : List.of(4L, 2L, 5L, 7L, 6L)) {
      driver.send(ALICE, Types.LONG, value, ++time);
    }
    driver.advanceWatermark(Long.MAX_VALUE);

    assertThat(driver.egress("rises", Types.STRING)).containsExactly("[5]", "[5, 7]", "[7]");
  }

  @Test
  void handlersAndConditionsAreLambdas() throws Exception {
    // javadoc: SimpleCondition
    SimpleCondition<String> isError = event -> event.startsWith("error");
    // end javadoc
    // javadoc: PatternProcessFunction
    PatternProcessFunction<String> alert =
        (context, match, timestamp) ->
            context.egress("alerts", Types.STRING, context.self().id() + " " + match.get("start"));
    // end javadoc
    // javadoc: TimedOutPartialMatchHandler
    TimedOutPartialMatchHandler<String> abandoned =
        (context, partial, timestamp) ->
            context.egress("abandoned", Types.STRING, partial.keySet() + " at " + timestamp);
    // end javadoc
    FunctionTestDriver driver =
        FunctionTestDriver.create()
            .register(
                CepSpec.builder(
                        TYPE,
                        Types.STRING,
                        Pattern.<String>begin("start")
                            .where(isError)
                            .followedBy("end")
                            .within(Duration.ofSeconds(1)))
                    .process(alert)
                    .onTimedOut(abandoned)
                    .build()
                    .functionSpec());

    driver.send(ALICE, Types.STRING, "error 1", 1_000);
    driver.send(ALICE, Types.STRING, "ok", 1_500);
    driver.send(ALICE, Types.STRING, "error 2", 3_000);
    driver.advanceWatermark(10_000);

    assertThat(isError.filter("error x")).isTrue();
    assertThat(driver.egress("alerts", Types.STRING)).containsExactly("alice [error 1]");
    assertThat(driver.egress("abandoned", Types.STRING)).containsExactly("[start] at 4000");
  }

  @Test
  void aSkipStrategyNamesAStep() {
    // javadoc: AfterMatchSkipStrategy
    Pattern<String> pattern =
        Pattern.<String>begin("a", AfterMatchSkipStrategy.skipToFirst("b"))
            .followedBy("b")
            .oneOrMore();
    // end javadoc
    assertThat(pattern.skipStrategy()).isEqualTo(AfterMatchSkipStrategy.skipToFirst("b"));
  }

  @Test
  void aMalformedPatternIsRefusedWhenBuilt() {
    TypeName type = TYPE;
    PatternProcessFunction<String> alert = (context, match, timestamp) -> {};
    assertThatThrownBy(
            () -> {
              // javadoc: MalformedPatternException
              Pattern<String> twice = Pattern.<String>begin("a").next("a");
              CepSpec.builder(type, Types.STRING, twice)
                  .process(alert)
                  .build(); // Duplicate pattern name: a
              // end javadoc
            })
        .isInstanceOf(MalformedPatternException.class)
        .hasMessage("Duplicate pattern name: a. Names must be unique.");
  }
}
