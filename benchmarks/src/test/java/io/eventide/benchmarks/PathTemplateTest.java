package io.eventide.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PathTemplateTest {

  @Test
  void theKeyGoesWhereThePlaceholderIs() {
    assertThat(PathTemplate.parse("/Counter/{key}/add").path("a%2Fk1"))
        .isEqualTo("/Counter/a%2Fk1/add");
    assertThat(PathTemplate.parse("/v1/call/example/counter/{key}").path("k7"))
        .isEqualTo("/v1/call/example/counter/k7");
  }

  @Test
  void aTemplateIsAPathWithExactlyOnePlaceholder() {
    assertThatThrownBy(() -> PathTemplate.parse("/Counter/add"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PathTemplate.parse("/{key}/{key}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PathTemplate.parse("Counter/{key}/add"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theDefaultTargetIsEventidesCallOfTheKeysFunction() {
    CallTarget target = new CallTarget();
    target.contentType = "application/json";
    Keys keys = new Keys("bench/count", "p-", 3);
    assertThat(target.requests(keys).apply(4).path()).isEqualTo("/v1/call/bench/count/p-k1");
    target.pathTemplate = "/Counter/{key}/add";
    assertThat(target.requests(keys).apply(5).path()).isEqualTo("/Counter/p-k2/add");
  }
}
