package io.eventide.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionstampsTest {
  @Test
  void commitsOfOneBatchShareTheVersionAndDifferInBatchOrder() {
    byte[] first = Versionstamps.of(7_000_000, 0);
    byte[] second = Versionstamps.of(7_000_000, 1);

    assertThat(Versionstamps.commitVersion(first)).isEqualTo(Versionstamps.commitVersion(second));
    assertThat(Versionstamps.compare(first, second)).isNegative();
    assertThat(Versionstamps.toString(first)).isNotEqualTo(Versionstamps.toString(second));
  }

  @Test
  void commitOrderIsUnsignedAndVersionFirst() {
    List<byte[]> stamps =
        new ArrayList<>(
            List.of(
                Versionstamps.of(Long.MIN_VALUE, 0), // the highest unsigned version
                Versionstamps.of(2, 0x80),
                Versionstamps.of(3, 0),
                Versionstamps.of(2, 0x7f),
                Versionstamps.of(2, 0xffff)));

    stamps.sort(Versionstamps.COMMIT_ORDER);

    assertThat(stamps)
        .extracting(Versionstamps::toString)
        .containsExactly(
            "0000000000000002007f",
            "00000000000000020080",
            "0000000000000002ffff",
            "00000000000000030000",
            "80000000000000000000");
  }

  @Test
  void commitOrderIsTheOrderOfVersionstampedKeys() {
    byte[] earlier = Versionstamps.of(0x01ff, 0xff00);
    byte[] later = Versionstamps.of(0x0200, 0x0001);

    byte[] earlierKey = Tuple.from("q", Versionstamp.complete(earlier, 0xffff)).pack();
    byte[] laterKey = Tuple.from("q", Versionstamp.complete(later, 0)).pack();

    assertThat(Versionstamps.compare(earlier, later)).isNegative();
    assertThat(Keys.compare(earlierKey, laterKey)).isNegative();
  }

  @Test
  void partsRoundTrip() {
    byte[] stamp = Versionstamps.of(0x0102030405060708L, 0xfffe);

    assertThat(Versionstamps.commitVersion(stamp)).isEqualTo(0x0102030405060708L);
    assertThat(Versionstamps.batchOrder(stamp)).isEqualTo(0xfffe);
    assertThat(Versionstamps.toString(stamp)).isEqualTo("0102030405060708fffe");
  }

  @Test
  void refusesWhatIsNotAVersionstamp() {
    assertThatThrownBy(() -> Versionstamps.commitVersion(new byte[12]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a versionstamp has 10 bytes, not 12");
    assertThatThrownBy(() -> Versionstamps.of(1, 65_536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batch order 65536 must be in 0..65535");
  }
}
