package io.eventide.sdk.cep;

import static io.eventide.sdk.cep.ContiguityTest.is;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.sdk.Types;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Event time, as Flink's CEP operator: events wait for the watermark and are matched in timestamp
 * order (arrival order within a timestamp), late events go to the side output, {@code within} times
 * partial matches out, and the runs and shared buffer live in map state until done.
 */
class EventTimeTest {
  static Pattern<String> aThenB() {
    return Pattern.<String>begin("a").where(is("a")).followedBy("b").where(is("b"));
  }

  @Test
  void eventsWaitForTheWatermarkAndAreMatchedInTimestampOrder() {
    CepRun run = CepRun.of(aThenB()).send("b1@5 a1@3 b2@4");

    run.watermark(3);
    assertThat(run.output()).isEmpty();
    assertThat(run.driver().state(CepRun.KEY, CepOperator.QUEUE)).containsOnlyKeys("5/0", "4/2");
    run.watermark(5);
    assertThat(run.output()).containsExactly("a=a1 b=b2");
  }

  @Test
  void eventsOfOneTimestampKeepTheirArrivalOrder() {
    assertThat(CepRun.matches(aThenB(), "b1@2 a1@2 b2@2 a2@2 b3@2"))
        .containsExactly("a=a1 b=b2", "a=a2 b=b3");
  }

  @Test
  void anEventAtOrBelowTheWatermarkIsLate() {
    CepRun run = CepRun.of(aThenB()).send("a1@10");
    run.watermark(10);

    run.send("b1@10 b2@11");
    run.watermark(11);

    assertThat(run.late()).containsExactly("b1");
    assertThat(run.output()).containsExactly("a=a1 b=b2");
  }

  @Test
  void withoutALateHandlerLateEventsAreCounted() {
    CepSpec<String> spec =
        CepSpec.builder(CepRun.TYPE, Types.STRING, aThenB())
            .process((context, match, timestamp) -> {})
            .build();
    var driver = io.eventide.sdk.testing.FunctionTestDriver.create().register(spec.functionSpec());
    driver.advanceWatermark(10);

    driver.send(CepRun.KEY, Types.STRING, "a", 9);
    driver.send(CepRun.KEY, Types.STRING, "a", 10);

    assertThat(driver.state(CepRun.KEY, CepOperator.LATE_DROPPED)).contains(2L);
  }

  @Test
  void withinTimesOutPartialMatchesAtTheirFirstEventPlusTheWindow() {
    Pattern<String> pattern = aThenB().within(Duration.ofMillis(5));
    CepRun run = CepRun.of(pattern).send("a1@1 b1@3 a2@10");

    run.watermark(14);
    assertThat(run.output()).containsExactly("a=a1 b=b1");
    run.watermark(15);
    assertThat(run.output()).containsExactly("a=a1 b=b1", "timeout@15 a=a2");
  }

  @Test
  void anEventAtTheWindowsEndNoLongerCompletesTheMatch() {
    Pattern<String> pattern = aThenB().within(Duration.ofMillis(5));

    assertThat(CepRun.matches(pattern, "a1@1 a2@2 b1@6"))
        .containsExactly("timeout@6 a=a1", "a=a2 b=b1");
  }

  @Test
  void aFinishedKeyLeavesNoStateBehind() {
    Pattern<String> pattern = aThenB().within(Duration.ofMillis(5));
    CepRun run = CepRun.of(pattern).send("a1@1 a2@2 b1@3 c@4");

    run.watermark(2);
    assertThat(run.driver().state(CepRun.KEY, CepOperator.NODES)).hasSize(2);
    assertThat(run.driver().state(CepRun.KEY, CepOperator.EVENTS)).hasSize(2);
    assertThat(run.driver().state(CepRun.KEY, CepOperator.RUNS)).isPresent();
    run.watermark(100);

    assertThat(run.output()).containsExactly("a=a1 b=b1", "a=a2 b=b1");
    assertThat(run.driver().state(CepRun.KEY, CepOperator.NODES)).isEmpty();
    assertThat(run.driver().state(CepRun.KEY, CepOperator.EVENTS)).isEmpty();
    assertThat(run.driver().state(CepRun.KEY, CepOperator.QUEUE)).isEmpty();
    assertThat(run.driver().state(CepRun.KEY, CepOperator.RUNS)).isEmpty();
    assertThat(run.driver().state(CepRun.KEY, CepOperator.ARRIVALS)).isEmpty();
  }

  @Test
  void manyEventsAtOneTimeEachTakeAnEntryOfTheirOwn() {
    CepRun run = CepRun.of(aThenB());
    StringBuilder events = new StringBuilder();
    for (int i = 0; i < 2_000; i++) {
      events.append(i % 2 == 0 ? " a" : " b").append(i).append("@7");
    }
    run.send(events.toString());
    assertThat(run.driver().state(CepRun.KEY, CepOperator.QUEUE)).hasSize(2_000);

    run.watermark(7);

    assertThat(run.output()).hasSize(1_000).startsWith("a=a0 b=b1", "a=a2 b=b3");
  }

  @Test
  void aMatchHandlerThatThrowsLeavesTheRunsAsTheyWere() {
    boolean[] fail = {true};
    CepSpec<String> spec =
        CepSpec.builder(CepRun.TYPE, Types.STRING, aThenB())
            .process(
                (context, match, timestamp) -> {
                  if (fail[0]) {
                    throw new IllegalStateException("not yet");
                  }
                  context.egress("matches", Types.STRING, CepRun.format(match));
                })
            .build();
    var driver =
        io.eventide.sdk.testing.FunctionTestDriver.create()
            .register(spec.functionSpec())
            .withMaxAttempts(1);
    driver.send(CepRun.KEY, Types.STRING, "a1", 1);
    driver.send(CepRun.KEY, Types.STRING, "b1", 2);
    driver.advanceWatermark(2);
    // Both timers failed and were dead-lettered; their events stay queued for the next timer.
    assertThat(driver.deadLetters()).hasSize(2);
    assertThat(driver.state(CepRun.KEY, CepOperator.QUEUE)).containsOnlyKeys("1/0", "2/1");

    fail[0] = false;
    driver.send(CepRun.KEY, Types.STRING, "b2", 3);
    driver.advanceWatermark(3);

    assertThat(driver.egress("matches", Types.STRING)).containsExactly("a=a1 b=b1");
  }
}
