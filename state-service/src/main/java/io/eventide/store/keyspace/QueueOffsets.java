package io.eventide.store.keyspace;

import com.apple.foundationdb.tuple.Tuple;
import com.apple.foundationdb.tuple.Versionstamp;
import io.eventide.store.Keys;
import io.eventide.store.Versionstamps;

/**
 * Numbers the records of a versionstamped queue (an egress's outbox) with 64-bit offsets that
 * increase in key order and are unique in the queue: {@code commitVersion << 16 | ordinal}, where
 * {@code ordinal} is the record's place among the queue's records of that commit version.
 *
 * <p>Why not the key's own parts: a queue key holds 12 bytes (commit version, batch order, user
 * version), which do not fit 64 bits. Leaving the batch order out, as {@code version << 16 |
 * userVersion} did, is exact only where every commit has its own version. On FoundationDB the
 * transactions of one commit batch share the version, so two of them writing the same queue gave
 * equal offsets, and a reader resuming after one skipped the other's records. The ordinal counts
 * every record of the commit version whatever its batch order, so it stays exact.
 *
 * <p>The ordinal is stable because a commit version's records appear together (one batch commits at
 * once) and nothing is added to a version afterwards; removals must take a commit version whole
 * ({@link #commitStartOf}), never part of it, or the ordinals of the rest would shift. Readers must
 * start at the first key of a commit version ({@link #commitStart}) and give this counter every
 * record key from there on, in key order.
 *
 * <pre>{@code
 * QueueOffsets offsets = new QueueOffsets();
 * for (KeyValue kv : view.getRange(QueueOffsets.commitStart(prefix, from), end, 0, false)) {
 *   numbered.add(offsets.next(keyspace.unpack(kv.key()).getVersionstamp(2)));
 * }
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe; one counter per scan.
 */
public final class QueueOffsets {
  /** Records one commit version can number. */
  public static final int MAX_PER_VERSION = 1 << 16;

  /** Commit versions from this one on do not fit an offset. */
  public static final long MAX_VERSION = 1L << 47;

  private long version = -1;
  private int ordinal;

  /** The offset of the record stamped {@code stamp}, the next one in key order. */
  public long next(Versionstamp stamp) {
    long v = Versionstamps.commitVersion(stamp.getTransactionVersion());
    if (Long.compareUnsigned(v, MAX_VERSION) >= 0) {
      throw new IllegalStateException(
          "commit version " + Long.toUnsignedString(v) + " does not fit a 64-bit queue offset");
    }
    if (v < version) {
      throw new IllegalArgumentException(
          "records must come in key order: version " + v + " after " + version);
    }
    ordinal = v == version ? ordinal + 1 : 0;
    version = v;
    if (ordinal >= MAX_PER_VERSION) {
      // Refused rather than wrapped into the next version's offsets, which would skip records.
      throw new IllegalStateException(
          "more than " + MAX_PER_VERSION + " records of one queue in commit version " + v);
    }
    return offset(v, ordinal);
  }

  public static long offset(long commitVersion, int ordinal) {
    return (commitVersion << 16) | ordinal;
  }

  /** The commit version of {@code offset}. */
  public static long version(long offset) {
    return offset >>> 16;
  }

  /** How many records of its commit version come before {@code offset}. */
  public static int ordinal(long offset) {
    return offset <= 0 ? 0 : (int) (offset & 0xffff);
  }

  /**
   * The first key under {@code prefix} of the commit version that holds {@code offset}: where a
   * read from {@code offset} starts, skipping {@link #ordinal} records.
   */
  public static byte[] commitStart(byte[] prefix, long offset) {
    return commitStartOf(prefix, offset <= 0 ? 0 : version(offset));
  }

  /** The first key under {@code prefix} of commit version {@code commitVersion}. */
  public static byte[] commitStartOf(byte[] prefix, long commitVersion) {
    if (commitVersion <= 0) {
      return prefix;
    }
    byte[] stamp = Versionstamps.of(commitVersion, 0);
    return Keys.concat(prefix, Tuple.from(Versionstamp.complete(stamp, 0)).pack());
  }
}
