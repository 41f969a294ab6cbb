package io.eventide.dispatcher.internal.query;

import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import io.eventide.store.Keys;
import java.nio.ByteBuffer;

/**
 * Egress records are keyed by versionstamp (commit order); clients see a number. The offset is
 * {@code commitVersion << 16 | userVersion}: increasing and unique, because the embedded store
 * gives every commit its own version. The versionstamp's batch order (the commit's place in its
 * group) is not in the offset, so resuming starts at the first key of the offset's commit ({@link
 * #commitStart}) and skips that commit's records below the offset. A FoundationDB reader will need
 * the batch order in the offset, as commits there share versions.
 */
public final class EgressOffsets {
  private EgressOffsets() {}

  public static long offset(Versionstamp stamp) {
    ByteBuffer tr = ByteBuffer.wrap(stamp.getTransactionVersion());
    long version = tr.getLong();
    return (version << 16) | stamp.getUserVersion();
  }

  /**
   * The first key under {@code prefix} of the commit that holds {@code offset}, whatever its batch
   * order.
   */
  public static byte[] commitStart(byte[] prefix, long offset) {
    if (offset <= 0) {
      return prefix;
    }
    byte[] tr = ByteBuffer.allocate(10).putLong(offset >>> 16).putShort((short) 0).array();
    return Keys.concat(prefix, Tuple.from(Versionstamp.complete(tr, 0)).pack());
  }

  /** How many records of the offset's own commit may come before it. */
  static int before(long offset) {
    return offset <= 0 ? 0 : (int) (offset & 0xffff);
  }
}
