package io.eventide.dispatcher.query;

import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import io.eventide.store.Keys;
import java.nio.ByteBuffer;

/**
 * Egress records are keyed by versionstamp (commit order); clients see a number. The offset is
 * {@code commitVersion << 16 | userVersion}: increasing, unique, and convertible back into the
 * key to resume from. It relies on the embedded store giving every commit its own version (batch
 * order 0); a FoundationDB reader will need the batch order in the offset as well.
 */
final class EgressOffsets {
  private EgressOffsets() {}

  static long offset(Versionstamp stamp) {
    ByteBuffer tr = ByteBuffer.wrap(stamp.getTransactionVersion());
    long version = tr.getLong();
    return (version << 16) | stamp.getUserVersion();
  }

  /** The first key at or after {@code offset} under {@code prefix}. */
  static byte[] key(byte[] prefix, long offset) {
    if (offset <= 0) {
      return prefix;
    }
    byte[] tr = ByteBuffer.allocate(10).putLong(offset >>> 16).putShort((short) 0).array();
    Versionstamp stamp = Versionstamp.complete(tr, (int) (offset & 0xffff));
    return Keys.concat(prefix, Tuple.from(stamp).pack());
  }
}
