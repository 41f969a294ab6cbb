package io.eventide.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueSpecTest {
  @Test
  void buildsInTwoStages() {
    ValueSpec<Long> spec = ValueSpec.named("count_2").withType(Types.LONG);

    assertThat(spec.name()).isEqualTo("count_2");
    assertThat(spec.type()).isSameAs(Types.LONG);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a b", "Count", "1st", "_x", "", "a-b", "é"})
  void rejectsNamesOutsideTheRuleNamingValueAndRule(String name) {
    assertThatThrownBy(() -> ValueSpec.named(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("state name '" + name + "' must match [a-z][a-z0-9_]*");
  }

  @Test
  void limitsNamesTo128Characters() {
    assertThat(ValueSpec.named("a".repeat(128)).withType(Types.STRING).name()).hasSize(128);
    assertThatThrownBy(() -> ValueSpec.named("a".repeat(129))).hasMessageContaining("at most 128");
    assertThatThrownBy(() -> ValueSpec.named(null)).hasMessageContaining("'null'");
  }

  @Test
  void specsAreEqualByName() {
    assertThat(ValueSpec.named("x").withType(Types.LONG))
        .isEqualTo(ValueSpec.named("x").withType(Types.STRING));
    assertThat(ValueSpec.named("x").withType(Types.LONG))
        .isNotEqualTo(ValueSpec.named("y").withType(Types.LONG));
  }

  @Test
  void rejectsNullType() {
    assertThatThrownBy(() -> ValueSpec.named("x").withType(null))
        .isInstanceOf(NullPointerException.class);
  }
}
