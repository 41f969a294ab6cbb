package io.eventide.store.keyspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.apple.foundationdb.tuple.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written packer against FoundationDB's tuple layer, byte for byte. */
class TuplePackerTest {
  private static final byte[] PREFIX = Tuple.from("eventide", "test").pack();

  @Test
  void integersAtEveryLengthBoundaryPackAsTheTupleLayerDoes() {
    List<Long> values =
        new ArrayList<>(List.of(0L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1));
    for (int bits = 0; bits < 63; bits++) {
      long p = 1L << bits;
      values.addAll(List.of(p, p - 1, p + 1, -p, -p + 1, -p - 1));
    }
    for (long value : values) {
      assertSame(value);
      assertSame((int) value);
    }
  }

  @Test
  void stringsAndBytesPackAsTheTupleLayerDoes() {
    assertSame("");
    assertSame("state", "ns", "type", "id-42", "value");
    assertSame("with\0nul", "\0", "\0\0x");
    assertSame("café", "中文", "emoji \uD83D\uDE00");
    // Each end of UTF-8's one-, two- and three-byte ranges, written by the packer itself.
    assertSame(
        "\u007f",
        "\u0080",
        "\u07ff",
        "\u0800",
        "\ud7ff",
        "\ue000",
        "\uffff",
        "a\u0000\u0080\u0800z");
    // The tuple layer refuses malformed UTF-16, and so does the packer, by leaving it to it.
    assertThatThrownBy(() -> TuplePacker.pack(PREFIX, "lone \uD800 surrogate"))
        .isInstanceOf(IllegalArgumentException.class);
    assertSame(new byte[0], new byte[] {0, 1, 0, (byte) 0xff}, "after bytes");
    assertSame(true, "a boolean goes to the tuple layer", 3L);
  }

  @Test
  void randomKeysPackAsTheTupleLayerDoes() {
    Random random = new Random(7);
    for (int i = 0; i < 5_000; i++) {
      Object[] elements = new Object[1 + random.nextInt(6)];
      for (int e = 0; e < elements.length; e++) {
        elements[e] =
            switch (random.nextInt(3)) {
              case 0 -> random.nextLong() >> random.nextInt(64);
              case 1 -> randomString(random);
              default -> random.nextInt() >> random.nextInt(32);
            };
      }
      assertSame(elements);
    }
  }

  @Test
  void keysUnpackAfterTheRoot() {
    Keyspace keyspace = new Keyspace("test");
    byte[] key = keyspace.timer(7, -5L, "ns", "type", "id", "");
    assertThat(keyspace.unpack(key).getItems())
        .containsExactly("timers", 7L, -5L, "ns", "type", "id", "");
  }

  private static void assertSame(Object... elements) {
    byte[] expected = Tuple.from(elements).pack();
    byte[] packed = TuplePacker.pack(PREFIX, elements);
    byte[] withoutPrefix = java.util.Arrays.copyOfRange(packed, PREFIX.length, packed.length);
    assertThat(withoutPrefix)
        .as("elements %s", java.util.Arrays.deepToString(elements))
        .isEqualTo(expected);
  }

  static String randomString(Random random) {
    StringBuilder s = new StringBuilder();
    int length = random.nextInt(12);
    for (int i = 0; i < length; i++) {
      s.append(
          (char)
              switch (random.nextInt(4)) {
                case 0 -> random.nextInt(0x80);
                case 1 -> 0x80 + random.nextInt(0x780);
                case 2 -> 0x800 + random.nextInt(0xD000);
                default -> 0;
              });
    }
    return s.toString();
  }
}
