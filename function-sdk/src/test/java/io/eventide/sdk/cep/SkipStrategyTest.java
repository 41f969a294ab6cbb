package io.eventide.sdk.cep;

import static io.eventide.sdk.cep.ContiguityTest.is;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The five after-match skip strategies on the streams of Flink CEP's documentation, with the lists
 * Flink CEP 1.20 emits for them (see {@code CepExamplesParityTest} in {@code parity/}).
 */
class SkipStrategyTest {
  static Pattern<String> bPlusC(AfterMatchSkipStrategy skip) {
    return Pattern.<String>begin("b", skip).where(is("b")).oneOrMore().next("c").where(is("c"));
  }

  static Pattern<String> aBPlus(AfterMatchSkipStrategy skip) {
    return Pattern.<String>begin("a", skip)
        .where(is("a"))
        .followedBy("b")
        .where(is("b"))
        .oneOrMore();
  }

  @Test
  void noSkipEmitsEveryMatch() {
    assertThat(CepRun.matches(bPlusC(AfterMatchSkipStrategy.noSkip()), "b1 b2 b3 c"))
        .containsExactly("b=b1,b2,b3 c=c", "b=b2,b3 c=c", "b=b3 c=c");
    assertThat(CepRun.matches(aBPlus(AfterMatchSkipStrategy.noSkip()), "a b1 b2 b3"))
        .containsExactly("a=a b=b1", "a=a b=b1,b2", "a=a b=b1,b2,b3");
  }

  @Test
  void skipToNextDropsTheRunsOfTheMatchsFirstEvent() {
    assertThat(CepRun.matches(bPlusC(AfterMatchSkipStrategy.skipToNext()), "b1 b2 b3 c"))
        .containsExactly("b=b1,b2,b3 c=c", "b=b2,b3 c=c", "b=b3 c=c");
    assertThat(CepRun.matches(aBPlus(AfterMatchSkipStrategy.skipToNext()), "a b1 b2 b3"))
        .containsExactly("a=a b=b1");
  }

  @Test
  void skipPastLastEventDropsEveryRunStartedWithinTheMatch() {
    assertThat(CepRun.matches(bPlusC(AfterMatchSkipStrategy.skipPastLastEvent()), "b1 b2 b3 c"))
        .containsExactly("b=b1,b2,b3 c=c");
  }

  @Test
  void skipToFirstDropsRunsStartedBeforeTheStepsFirstEvent() {
    assertThat(CepRun.matches(bPlusC(AfterMatchSkipStrategy.skipToFirst("b")), "b1 b2 b3 c"))
        .containsExactly("b=b1,b2,b3 c=c");
  }

  @Test
  void skipToLastDropsRunsStartedBeforeTheStepsLastEvent() {
    assertThat(CepRun.matches(bPlusC(AfterMatchSkipStrategy.skipToLast("b")), "b1 b2 b3 c"))
        .containsExactly("b=b1,b2,b3 c=c", "b=b3 c=c");
  }

  @Test
  void aSkipStrategyHoldsAMatchBackUntilNoEarlierRunCanEndFirst() {
    Pattern<String> pattern =
        Pattern.<String>begin("a", AfterMatchSkipStrategy.skipPastLastEvent())
            .where(is("a"))
            .followedBy("b")
            .where(is("b"));
    CepRun run = CepRun.of(pattern).send("a1 a2 b1");
    run.watermark(3);

    assertThat(run.output()).containsExactly("a=a1 b=b1");
  }
}
