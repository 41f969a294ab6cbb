package io.eventide.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RangeSetTest {
  private static byte[] k(int... bytes) {
    byte[] out = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = (byte) bytes[i];
    }
    return out;
  }

  @Test
  void mergesOverlappingAndTouchingRanges() {
    RangeSet set = new RangeSet();
    set.add(k(1), k(3));
    set.add(k(5), k(7));
    set.add(k(3), k(5)); // touches both: one range [1, 7)
    assertThat(set.contains(k(1))).isTrue();
    assertThat(set.contains(k(6, 0xff))).isTrue();
    assertThat(set.contains(k(7))).isFalse();
    assertThat(set.contains(k(0, 0xff))).isFalse();
  }

  @Test
  void intersectsIsHalfOpenOnBothSides() {
    RangeSet set = new RangeSet();
    set.add(k(0x10), k(0x20));
    assertThat(set.intersects(k(0x20), k(0x30))).isFalse();
    assertThat(set.intersects(k(0x05), k(0x10))).isFalse();
    assertThat(set.intersects(k(0x05), k(0x10, 0))).isTrue();
    assertThat(set.intersects(k(0x1f, 0xff), k(0x30))).isTrue();
    assertThat(set.intersects(k(0x12), k(0x13))).isTrue();
  }

  @Test
  void emptyOrInvertedRangesAreIgnored() {
    RangeSet set = new RangeSet();
    set.add(k(5), k(5));
    set.add(k(6), k(1));
    assertThat(set.isEmpty()).isTrue();
  }
}
