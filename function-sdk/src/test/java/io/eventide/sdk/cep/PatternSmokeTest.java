package io.eventide.sdk.cep;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PatternSmokeTest {
  @Test
  void followedBy() {
    Pattern<String> p =
        Pattern.<String>begin("a")
            .where(e -> e.startsWith("a"))
            .followedBy("b")
            .where(e -> e.startsWith("b"));
    assertThat(CepRun.matches(p, "a1 c b1 b2")).containsExactly("a=a1 b=b1");
  }
}
