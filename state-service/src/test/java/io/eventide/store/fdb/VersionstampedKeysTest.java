package io.eventide.store.fdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import io.eventide.store.Keys;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The SET_VERSIONSTAMPED_KEY operand: what FoundationDB stores once it writes the commit's
 * versionstamp at the operand's offset must be the key the SPI documents and the embedded backend
 * writes, {@code prefix + 0x33 + versionstamp(10) + userVersion(2) + suffix}.
 */
class VersionstampedKeysTest {
  private static final byte[] STAMP =
      HexFormat.of().parseHex("00000000075bcd15002a"); // version 123456789, batch 42

  @Test
  void operandIsTheKeyWithAPlaceholderAndItsLittleEndianOffset() {
    byte[] prefix = Tuple.from("inbox", 7).pack();
    byte[] suffix = Tuple.from("a").pack();

    byte[] operand = VersionstampedKeys.operand(new byte[0], prefix, 0x0102, suffix);

    int offset =
        ByteBuffer.wrap(operand, operand.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    assertThat(offset).isEqualTo(prefix.length + 1);
    assertThat(operand[offset - 1]).isEqualTo((byte) 0x33);
    assertThat(Arrays.copyOfRange(operand, offset, offset + 12))
        .isEqualTo(Versionstamp.incomplete(0x0102).getBytes()); // what the tuple layer puts there
    assertThat(operand).hasSize(VersionstampedKeys.keyLength(new byte[0], prefix, suffix) + 4);
  }

  @Test
  void completedKeyMatchesTheTupleEncodingTheEmbeddedBackendWrites() {
    byte[] prefix = Tuple.from("conformance", "queue").pack();
    byte[] suffix = Tuple.from("b").pack();

    byte[] stored = complete(VersionstampedKeys.operand(new byte[0], prefix, 1, suffix), STAMP);

    // RocksDB's GroupBuilder: prefix + 0x33 + Versionstamp.complete(stamp, userVersion) + suffix.
    byte[] embedded =
        Keys.concat(
            Keys.concat(prefix, Tuple.from(Versionstamp.complete(STAMP, 1)).pack()), suffix);
    assertThat(stored).isEqualTo(embedded);
    Tuple decoded = Tuple.fromBytes(stored);
    assertThat(decoded.getVersionstamp(2)).isEqualTo(Versionstamp.complete(STAMP, 1));
    assertThat(decoded.getString(3)).isEqualTo("b");
  }

  @Test
  void theRootPrefixShiftsTheOffsetAndStaysInFront() {
    byte[] root = Tuple.from("eventide-test", "run-1").pack();
    byte[] prefix = Tuple.from("log").pack();

    byte[] stored = complete(VersionstampedKeys.operand(root, prefix, 0, new byte[0]), STAMP);

    assertThat(Arrays.copyOfRange(stored, 0, root.length)).isEqualTo(root);
    byte[] withoutRoot = Arrays.copyOfRange(stored, root.length, stored.length);
    assertThat((Object) Tuple.fromBytes(withoutRoot))
        .isEqualTo(Tuple.from("log", Versionstamp.complete(STAMP, 0)));
  }

  @Test
  void keysSortByCommitThenUserVersion() {
    byte[] prefix = Tuple.from("q").pack();
    byte[] earlierCommit =
        complete(VersionstampedKeys.operand(new byte[0], prefix, 9, new byte[0]), STAMP);
    byte[] laterStamp = STAMP.clone();
    laterStamp[7]++;
    byte[] laterCommit =
        complete(VersionstampedKeys.operand(new byte[0], prefix, 0, new byte[0]), laterStamp);
    byte[] sameCommitLowerUser =
        complete(VersionstampedKeys.operand(new byte[0], prefix, 8, new byte[0]), STAMP);

    assertThat(Keys.compare(earlierCommit, laterCommit)).isNegative();
    assertThat(Keys.compare(sameCommitLowerUser, earlierCommit)).isNegative();
  }

  /** What FoundationDB does with the operand at commit: drop the offset, write the stamp there. */
  private static byte[] complete(byte[] operand, byte[] stamp) {
    int offset =
        ByteBuffer.wrap(operand, operand.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    byte[] key = Arrays.copyOf(operand, operand.length - 4);
    System.arraycopy(stamp, 0, key, offset, stamp.length);
    return key;
  }
}
