package io.eventide.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PathCodecTest {
  @Test
  void decodesPercentEscapesAsUtf8AndKeepsPlus() {
    assertThat(PathCodec.decode("plain")).isEqualTo("plain");
    assertThat(PathCodec.decode("a%2Fb%20c+d")).isEqualTo("a/b c+d");
    assertThat(PathCodec.decode("%E2%82%AC")).isEqualTo("€");
  }

  @Test
  void rejectsBadEscapesAndBadUtf8() {
    for (String bad : new String[] {"%", "%2", "%zz", "a%g1", "%C3", "%FF"}) {
      assertThatThrownBy(() -> PathCodec.decode(bad)).isInstanceOf(ApiException.class);
    }
  }
}
