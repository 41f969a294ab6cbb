package io.eventide.sdk.cep;

import static io.eventide.sdk.cep.ContiguityTest.is;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Quantifiers: reluctant and greedy ranges, until, optional, exact times and timesOrMore, with the
 * lists Flink CEP 1.20 emits (see {@code CepExamplesParityTest} in {@code parity/}).
 */
class QuantifierTest {
  static Pattern<String> aBRangeC(boolean greedy) {
    Pattern<String> b = Pattern.<String>begin("a").where(is("a")).followedBy("b").where(is("b"));
    b.times(1, 3);
    if (greedy) {
      b.greedy();
    }
    return b.followedBy("c").where(is("b")).or(is("c"));
  }

  @Test
  void aRangeIsReluctantByDefault() {
    assertThat(CepRun.matches(aBRangeC(false), "a b1 b2 c"))
        .containsExactly("a=a b=b1 c=b2", "a=a b=b1,b2 c=c");
  }

  @Test
  void aGreedyRangeTakesAllItCanBeforeTheNextStep() {
    assertThat(CepRun.matches(aBRangeC(true), "a b1 b2 c")).containsExactly("a=a b=b1,b2 c=c");
  }

  @Test
  void untilStopsALoopAtItsEvent() {
    Pattern<String> pattern =
        Pattern.<String>begin("a")
            .where(is("a"))
            .followedBy("b")
            .where(is("b"))
            .oneOrMore()
            .until(is("c"))
            .followedBy("c")
            .where(is("b"))
            .or(is("c"));

    assertThat(CepRun.matches(pattern, "a b1 b2 c1 b3 c2"))
        .containsExactly("a=a b=b1 c=b2", "a=a b=b1,b2 c=c1");
  }

  @Test
  void anOptionalStepMayBeLeftOut() {
    Pattern<String> pattern =
        Pattern.<String>begin("a")
            .where(is("a"))
            .followedBy("b")
            .where(is("b"))
            .optional()
            .followedBy("c")
            .where(is("c"));

    assertThat(CepRun.matches(pattern, "a b c")).containsExactly("a=a b=b c=c", "a=a c=c");
  }

  @Test
  void timesTakesExactlyThatMany() {
    Pattern<String> pattern =
        Pattern.<String>begin("a").where(is("a")).followedBy("b").where(is("b")).times(2);

    assertThat(CepRun.matches(pattern, "a b1 c b2 b3")).containsExactly("a=a b=b1,b2");
  }

  @Test
  void timesOrMoreTakesAtLeastThatMany() {
    Pattern<String> pattern =
        Pattern.<String>begin("a").where(is("a")).followedBy("b").where(is("b")).timesOrMore(2);

    assertThat(CepRun.matches(pattern, "a b1 b2 b3"))
        .containsExactly("a=a b=b1,b2", "a=a b=b1,b2,b3");
  }

  @Test
  void timesFromZeroIsOptional() {
    Pattern<String> pattern =
        Pattern.<String>begin("a")
            .where(is("a"))
            .followedBy("b")
            .where(is("b"))
            .times(0, 1)
            .followedBy("c")
            .where(is("c"));

    assertThat(CepRun.matches(pattern, "a b c")).containsExactly("a=a b=b c=c", "a=a c=c");
  }
}
