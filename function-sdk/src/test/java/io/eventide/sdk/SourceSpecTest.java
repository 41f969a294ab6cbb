package io.eventide.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SourceSpecTest {
  @Test
  void defaultsToNoOutOfOrdernessNeverIdleAndWatermarksFromEvents() {
    SourceSpec spec = SourceSpec.named("clicks").build();

    assertThat(spec.name()).isEqualTo("clicks");
    assertThat(spec.outOfOrderness()).isZero();
    assertThat(spec.idleTimeout()).isZero();
    assertThat(spec.explicitWatermarks()).isFalse();
  }

  @Test
  void keepsItsSettingsInWholeMilliseconds() {
    SourceSpec spec =
        SourceSpec.named("Orders.v2_eu-1")
            .outOfOrderness(Duration.ofSeconds(2).plusNanos(999_999))
            .idleTimeout(Duration.ofSeconds(30))
            .build();

    assertThat(spec.outOfOrderness()).isEqualTo(Duration.ofMillis(2_000));
    assertThat(spec.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(spec.toString()).contains("Orders.v2_eu-1", "PT2S", "PT30S");
  }

  @Test
  void explicitWatermarksMayHaveAnIdleTimeoutButNoOutOfOrderness() {
    SourceSpec spec =
        SourceSpec.named("ledger").explicitWatermarks().idleTimeout(Duration.ofMinutes(1)).build();
    assertThat(spec.explicitWatermarks()).isTrue();

    assertThatThrownBy(
            () ->
                SourceSpec.named("ledger")
                    .explicitWatermarks()
                    .outOfOrderness(Duration.ofSeconds(1))
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("explicit watermarks");
  }

  @Test
  void rejectsBadNamesAndNegativeDurations() {
    assertThatThrownBy(() -> SourceSpec.named("a b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("source name 'a b' must match [A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    assertThatThrownBy(() -> SourceSpec.named("-x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SourceSpec.named("x".repeat(129)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SourceSpec.named(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SourceSpec.named("s").outOfOrderness(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out-of-orderness of source s must not be negative");
    assertThatThrownBy(() -> SourceSpec.named("s").idleTimeout(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("idle timeout of source s must not be negative");
    assertThatThrownBy(() -> SourceSpec.named("s").idleTimeout(Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too large");
  }

  @Test
  void specsWithTheSameSettingsAreEqual() {
    assertThat(SourceSpec.named("s").idleTimeout(Duration.ofSeconds(1)).build())
        .isEqualTo(SourceSpec.named("s").idleTimeout(Duration.ofMillis(1000)).build())
        .hasSameHashCodeAs(SourceSpec.named("s").idleTimeout(Duration.ofMillis(1000)).build())
        .isNotEqualTo(SourceSpec.named("s").build())
        .isNotEqualTo(SourceSpec.named("t").idleTimeout(Duration.ofSeconds(1)).build());
  }

  @Test
  void aRegistryThatDoesNotConfigureSourcesSaysSo() {
    FunctionRegistry plain = (type, factory, state) -> {};

    assertThatThrownBy(() -> plain.register(SourceSpec.named("s").build()))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
