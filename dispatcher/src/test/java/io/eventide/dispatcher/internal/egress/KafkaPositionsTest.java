package io.eventide.dispatcher.internal.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaPositionsTest {

  @Test
  void encodesAndDecodesEveryPartition() {
    KafkaPositions positions = KafkaPositions.of(Map.of(0, 5L, 3, 1L << 40, 1, 0L));
    KafkaPositions back = KafkaPositions.decode(positions.encode());
    assertThat(back.asMap()).isEqualTo(Map.of(0, 5L, 3, 1L << 40, 1, 0L));
  }

  @Test
  void noStateIsNoPosition() {
    assertThat(KafkaPositions.decode(null).asMap()).isEmpty();
    assertThat(KafkaPositions.decode(new byte[0]).next(0)).isNull();
    assertThat(KafkaPositions.decode(KafkaPositions.empty().encode()).asMap()).isEmpty();
  }

  @Test
  void advancesOnlyForward() {
    KafkaPositions positions = KafkaPositions.of(Map.of(0, 10L, 1, 20L));
    assertThat(positions.advancedTo(Map.of(0, 5L, 1, 25L, 2, 1L)).asMap())
        .isEqualTo(Map.of(0, 10L, 1, 25L, 2, 1L));
  }

  @Test
  void refusesACutOrForeignState() {
    byte[] encoded = KafkaPositions.of(Map.of(0, 5L)).encode();
    assertThatThrownBy(() -> KafkaPositions.decode(Arrays.copyOf(encoded, encoded.length - 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad count");
    assertThatThrownBy(() -> KafkaPositions.decode(new byte[] {9, 0, 0, 0, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version 9");
    assertThatThrownBy(() -> KafkaPositions.decode(new byte[] {1, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cut");
  }
}
