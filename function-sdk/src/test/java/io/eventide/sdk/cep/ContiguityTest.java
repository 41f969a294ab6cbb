package io.eventide.sdk.cep;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Contiguity between steps and within looping steps, with the examples of Flink CEP's documentation
 * ("Combining Patterns", "Contiguity within looping patterns").
 */
class ContiguityTest {
  static SimpleCondition<String> is(String prefix) {
    return event -> event.startsWith(prefix);
  }

  @Test
  void nextNeedsTheVeryNextEvent() {
    Pattern<String> pattern = Pattern.<String>begin("a").where(is("a")).next("b").where(is("b"));

    assertThat(CepRun.matches(pattern, "a c b1 b2")).isEmpty();
    assertThat(CepRun.matches(pattern, "a b1 b2")).containsExactly("a=a b=b1");
  }

  @Test
  void followedBySkipsToTheNextMatchingEvent() {
    Pattern<String> pattern =
        Pattern.<String>begin("a").where(is("a")).followedBy("b").where(is("b"));

    assertThat(CepRun.matches(pattern, "a c b1 b2")).containsExactly("a=a b=b1");
  }

  @Test
  void followedByAnyTakesEveryLaterMatchingEvent() {
    Pattern<String> pattern =
        Pattern.<String>begin("a").where(is("a")).followedByAny("b").where(is("b"));

    assertThat(CepRun.matches(pattern, "a c b1 b2")).containsExactly("a=a b=b1", "a=a b=b2");
  }

  static Pattern<String> looping() {
    return Pattern.<String>begin("start")
        .where(is("c"))
        .followedBy("middle")
        .where(is("a"))
        .oneOrMore();
  }

  @Test
  void aLoopIsRelaxedByDefault() {
    Pattern<String> pattern = looping().followedBy("end1").where(is("b"));

    assertThat(CepRun.matches(pattern, "c d a1 a2 a3 d a4 b"))
        .containsExactly(
            "start=c middle=a1,a2,a3,a4 end1=b",
            "start=c middle=a1 end1=b",
            "start=c middle=a1,a2 end1=b",
            "start=c middle=a1,a2,a3 end1=b");
  }

  @Test
  void consecutiveLoopsTakeOnlyAdjacentEvents() {
    Pattern<String> pattern = looping().consecutive().followedBy("end1").where(is("b"));

    assertThat(CepRun.matches(pattern, "c d a1 a2 a3 d a4 b"))
        .containsExactly(
            "start=c middle=a1,a2,a3 end1=b",
            "start=c middle=a1 end1=b",
            "start=c middle=a1,a2 end1=b");
  }

  @Test
  void allowCombinationsTakesEverySubsequence() {
    Pattern<String> pattern = looping().allowCombinations().followedBy("end1").where(is("b"));

    assertThat(CepRun.matches(pattern, "c d a1 a2 a3 d a4 b"))
        .containsExactly(
            "start=c middle=a1,a2,a3,a4 end1=b",
            "start=c middle=a1 end1=b",
            "start=c middle=a1,a4 end1=b",
            "start=c middle=a1,a3 end1=b",
            "start=c middle=a1,a3,a4 end1=b",
            "start=c middle=a1,a2 end1=b",
            "start=c middle=a1,a2,a4 end1=b",
            "start=c middle=a1,a2,a3 end1=b");
  }
}
