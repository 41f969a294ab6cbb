package io.eventide.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NdjsonChunksTest {

  @Test
  void cutsWholeLinesInFileOrder() {
    NdjsonChunks chunks = NdjsonChunks.split(bytes("a\nb\nc\nd\ne\n"), 2);

    assertThat(chunks.lines()).isEqualTo(5);
    assertThat(chunks.count()).isEqualTo(3);
    assertThat(text(chunks.body(0))).isEqualTo("a\nb\n");
    assertThat(text(chunks.body(1))).isEqualTo("c\nd\n");
    assertThat(text(chunks.body(2))).isEqualTo("e\n");
  }

  @Test
  void keepsALastLineWithoutNewline() {
    NdjsonChunks chunks = NdjsonChunks.split(bytes("a\nb\nc"), 2);

    assertThat(chunks.lines()).isEqualTo(3);
    assertThat(text(chunks.body(1))).isEqualTo("c");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
