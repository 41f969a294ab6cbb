package io.eventide.sdk.cep;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Patterns Flink refuses are refused here too, with a message naming the step and the rule. */
class PatternValidationTest {
  static Pattern<String> a() {
    return Pattern.begin("a");
  }

  @Test
  void quantifiersApplyOnceAndNotToNotSteps() {
    assertThatThrownBy(() -> a().oneOrMore().times(2))
        .isInstanceOf(MalformedPatternException.class)
        .hasMessageContaining("already has a quantifier");
    assertThatThrownBy(() -> a().notFollowedBy("n").oneOrMore()).hasMessageContaining("NOT step n");
    assertThatThrownBy(() -> a().notNext("n").optional())
        .hasMessageContaining("cannot be optional");
    assertThatThrownBy(() -> a().times(0)).hasMessageContaining("times(0, 0)");
    assertThatThrownBy(() -> a().times(3, 2)).hasMessageContaining("times(3, 2)");
    assertThatThrownBy(() -> a().timesOrMore(0)).hasMessageContaining("at least 1");
  }

  @Test
  void loopOptionsNeedALoop() {
    assertThatThrownBy(() -> a().greedy()).hasMessageContaining("looping or times");
    assertThatThrownBy(() -> a().consecutive()).hasMessageContaining("looping or times");
    assertThatThrownBy(() -> a().allowCombinations()).hasMessageContaining("looping or times");
    assertThatThrownBy(() -> a().until(e -> true)).hasMessageContaining("looping steps");
    assertThatThrownBy(() -> a().oneOrMore().consecutive().allowCombinations())
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> a().oneOrMore().allowCombinations().greedy())
        .hasMessageContaining("allowCombinations");
  }

  @Test
  void notStepsCannotFollowOptionalOnesAndOptionalCannotFollowGreedy() {
    assertThatThrownBy(() -> a().optional().notNext("n")).hasMessageContaining("optional step a");
    assertThatThrownBy(() -> a().oneOrMore().greedy().next("b").optional())
        .hasMessageContaining("greedy step a");
  }

  @Test
  void namesWindowsAndSkipTargetsAreChecked() {
    assertThatThrownBy(() -> Pattern.begin("x:y")).hasMessageContaining("without ':'");
    assertThatThrownBy(() -> a().within(Duration.ZERO)).hasMessageContaining("at least 1 ms");
    assertThatThrownBy(() -> NfaCompiler.compile(a().next("a"))).hasMessageContaining("Duplicate");
    assertThatThrownBy(
            () ->
                NfaCompiler.compile(
                    Pattern.<String>begin("a", AfterMatchSkipStrategy.skipToLast("zz")).next("b")))
        .hasMessageContaining("zz");
  }
}
