package io.eventide.store.fdb;

import com.apple.foundationdb.tuple.Versionstamp;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The operand of FoundationDB's {@code SET_VERSIONSTAMPED_KEY} for the SPI's {@code
 * setVersionstampedKey(prefix, userVersion, suffix, value)}:
 *
 * <pre>
 * root + prefix + 0x33 + [10 placeholder bytes] + userVersion (2 bytes BE) + suffix + offset (4 bytes LE)
 * </pre>
 *
 * where {@code offset} is the index of the placeholder. FoundationDB (API ≥ 520) strips the offset
 * and writes the 10-byte commit versionstamp there, so the stored key is the tuple encoding of a
 * complete {@link Versionstamp} between prefix and suffix: the layout the embedded backend writes.
 *
 * <p>Built by hand rather than with {@code Tuple.packWithVersionstamp}, which asks the native
 * client for its API version to choose the offset width, so that this runs, and is tested, without
 * {@code libfdb_c}.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless.
 */
final class VersionstampedKeys {
  /** The tuple type code of a 96-bit versionstamp. */
  static final byte VERSIONSTAMP_CODE = 0x33;

  /** Code byte plus the 12-byte versionstamp. */
  static final int ELEMENT_BYTES = 1 + Versionstamp.LENGTH;

  private VersionstampedKeys() {}

  /** The key length FoundationDB will store. */
  static int keyLength(byte[] root, byte[] prefix, byte[] suffix) {
    return root.length + prefix.length + ELEMENT_BYTES + suffix.length;
  }

  static byte[] operand(byte[] root, byte[] prefix, int userVersion, byte[] suffix) {
    int stampOffset = root.length + prefix.length + 1;
    return ByteBuffer.allocate(keyLength(root, prefix, suffix) + Integer.BYTES)
        .put(root)
        .put(prefix)
        .put(VERSIONSTAMP_CODE)
        .put(Versionstamp.incomplete(userVersion).getBytes())
        .put(suffix)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(stampOffset)
        .array();
  }
}
