package io.eventide.sdk.cep;

import static io.eventide.sdk.cep.ContiguityTest.is;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** notNext and notFollowedBy, in the middle and at the end (with its window). */
class NotPatternTest {
  @Test
  void notNextAtTheEndMatchesWhenTheNextEventIsAnythingElse() {
    Pattern<String> pattern = Pattern.<String>begin("a").where(is("a")).notNext("n").where(is("d"));

    assertThat(CepRun.matches(pattern, "a1 d a2 b")).containsExactly("a=a2");
  }

  @Test
  void notFollowedByInTheMiddleKillsRunsItSees() {
    Pattern<String> pattern =
        Pattern.<String>begin("a")
            .where(is("a"))
            .notFollowedBy("n")
            .where(is("d"))
            .followedBy("b")
            .where(is("b"));

    assertThat(CepRun.matches(pattern, "a1 a2 d b1 a3 b2")).containsExactly("a=a3 b=b2");
  }

  @Test
  void notFollowedByAtTheEndMatchesWhenTheWindowClosesWithoutIt() {
    Pattern<String> pattern =
        Pattern.<String>begin("a")
            .where(is("a"))
            .notFollowedBy("n")
            .where(is("d"))
            .within(Duration.ofMillis(5));
    CepRun run = CepRun.of(pattern).send("a1@1 d@7 a2@8 d@14 a3@15 d@17");

    run.watermark(5);
    assertThat(run.output()).isEmpty();
    run.watermark(6);
    assertThat(run.output()).containsExactly("a=a1");
    run.watermark(30);
    assertThat(run.output()).containsExactly("a=a1", "a=a2");
  }

  @Test
  void notFollowedByAtTheEndNeedsAWindow() {
    Pattern<String> pattern = Pattern.<String>begin("a").where(is("a")).notFollowedBy("n");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CepRun.of(pattern))
        .isInstanceOf(MalformedPatternException.class)
        .hasMessageContaining("needs within");
  }
}
