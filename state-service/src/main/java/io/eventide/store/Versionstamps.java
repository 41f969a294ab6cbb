package io.eventide.store;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;

/**
 * The 10-byte transaction versionstamps of {@link CommitResult#versionstamp()} and of
 * versionstamped keys: 8 bytes of commit version, then 2 bytes of batch order, both big-endian.
 *
 * <p>Only the whole 10 bytes identify a commit. FoundationDB resolves transactions in batches and
 * gives every transaction of a batch the batch's commit version; they differ only in the batch
 * order. So two commits may share a commit version, and code that needs one number per commit (an
 * offset, a position, a dedup key) must use the whole versionstamp, never the version alone. Commit
 * order is the unsigned byte order of the 10 bytes, which is also how versionstamped keys sort.
 *
 * <pre>{@code
 * results.sort(Comparator.comparing(CommitResult::versionstamp, Versionstamps.COMMIT_ORDER));
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Stateless.
 */
public final class Versionstamps {
  /** Bytes of a transaction versionstamp. */
  public static final int LENGTH = 10;

  /** Commit order: by commit version, then by batch order. */
  public static final Comparator<byte[]> COMMIT_ORDER = Versionstamps::compare;

  private Versionstamps() {}

  /** Compares two versionstamps in commit order. */
  public static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(check(a), check(b));
  }

  /** The commit version: shared by every transaction of one FoundationDB commit batch. */
  public static long commitVersion(byte[] stamp) {
    long version = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      version = (version << 8) | (check(stamp)[i] & 0xff);
    }
    return version;
  }

  /** The transaction's place in its commit batch, 0 to 65535. */
  public static int batchOrder(byte[] stamp) {
    return ((check(stamp)[8] & 0xff) << 8) | (stamp[9] & 0xff);
  }

  /** The versionstamp of {@code commitVersion} and {@code batchOrder}. */
  public static byte[] of(long commitVersion, int batchOrder) {
    if (batchOrder < 0 || batchOrder > 0xffff) {
      throw new IllegalArgumentException("batch order " + batchOrder + " must be in 0..65535");
    }
    byte[] stamp = new byte[LENGTH];
    for (int i = 0; i < Long.BYTES; i++) {
      stamp[i] = (byte) (commitVersion >>> (56 - 8 * i));
    }
    stamp[8] = (byte) (batchOrder >>> 8);
    stamp[9] = (byte) batchOrder;
    return stamp;
  }

  /** Lower-case hex of the 10 bytes, e.g. for logs and assertion messages. */
  public static String toString(byte[] stamp) {
    return HexFormat.of().formatHex(check(stamp));
  }

  private static byte[] check(byte[] stamp) {
    if (stamp == null || stamp.length != LENGTH) {
      throw new IllegalArgumentException(
          "a versionstamp has "
              + LENGTH
              + " bytes, not "
              + (stamp == null ? "null" : stamp.length));
    }
    return stamp;
  }
}
