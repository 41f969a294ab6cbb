package io.eventide.store.keyspace;

import com.apple.foundationdb.tuple.Tuple;
import io.eventide.store.KeyValue;
import io.eventide.store.Keys;
import io.eventide.store.Limits;
import io.eventide.store.ReadView;
import io.eventide.store.StoreException;
import io.eventide.store.Transaction;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Values larger than the store's 100 kB value limit, under one key, the same way on every backend
 * (the keyspace's one place for it). A value up to {@link #INLINE_BYTES} is stored as it is. A
 * larger one is split into parts stored right after its key:
 *
 * <pre>
 * key                          header: "EVLV", version (8 bytes), length (8), part count (4)
 * key + ("p", version, n)      part n, n = 0.. (at most {@link #PART_BYTES} each)
 * </pre>
 *
 * Parts sort directly after their key and before any other key that extends it (an inbox chunk's
 * mask, say), so one range read from the key finds value and parts together, and a read of a whole
 * prefix finds every value with its parts in key order: {@link #assemble} puts them back together.
 *
 * <p>A value too big for one transaction is <em>staged</em>: its parts are written under a fresh
 * version in transactions of their own ({@link #stage}), and the transaction that publishes it
 * writes only the header and clears every other version's parts ({@link Staged#publish}). Until
 * then readers see the old value, whose header names the old version. Parts of a staging whose
 * publish never committed stay behind, unreferenced, until the key is next written large; readers
 * skip them.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless; transactions passed in are not thread-safe.
 */
public final class LargeValues {
  /** The largest value stored as it is. */
  public static final int INLINE_BYTES = 90_000;

  /** Bytes per part, under the value limit with room to spare. */
  public static final int PART_BYTES = 90_000;

  private static final byte[] MAGIC = {'E', 'V', 'L', 'V'};
  private static final int HEADER_BYTES = MAGIC.length + Long.BYTES + Long.BYTES + Integer.BYTES;

  /** The tuple element that starts every part's suffix: the byte string "p". */
  private static final byte[] PARTS = Tuple.from((Object) new byte[] {'p'}).pack();

  private LargeValues() {}

  /**
   * Writes {@code value} at {@code key}: as it is, or as a header and parts. {@code replacesLarge}
   * says the key may hold a large value now, whose parts must go (a caller that cannot tell passes
   * true: it costs a range clear).
   */
  public static void set(Transaction tx, byte[] key, byte[] value, boolean replacesLarge) {
    if (value.length <= INLINE_BYTES) {
      tx.set(key, value);
      if (replacesLarge) {
        clearParts(tx, key);
      }
      return;
    }
    long version = ThreadLocalRandom.current().nextLong();
    if (replacesLarge) {
      clearParts(tx, key);
    }
    tx.set(key, header(version, value.length, partCount(value.length)));
    for (int n = 0; n < partCount(value.length); n++) {
      tx.set(partKey(key, version, n), part(value, n));
    }
  }

  /**
   * Writes {@code value} at the versionstamped key {@code prefix + versionstamp + suffix} ({@link
   * Transaction#setVersionstampedKey}), with its parts under that key when it is large.
   */
  public static void setVersionstamped(
      Transaction tx, byte[] prefix, int userVersion, byte[] suffix, byte[] value) {
    if (value.length <= INLINE_BYTES) {
      tx.setVersionstampedKey(prefix, userVersion, suffix, value);
      return;
    }
    int parts = partCount(value.length);
    tx.setVersionstampedKey(prefix, userVersion, suffix, header(0, value.length, parts));
    for (int n = 0; n < parts; n++) {
      tx.setVersionstampedKey(
          prefix, userVersion, Keys.concat(suffix, partSuffix(0, n)), part(value, n));
    }
  }

  /** Removes the value at {@code key}; with {@code large}, its parts too. */
  public static void clear(Transaction tx, byte[] key, boolean large) {
    tx.clear(key);
    if (large) {
      clearParts(tx, key);
    }
  }

  /** Whether a value of {@code length} bytes is stored in parts. */
  public static boolean isLarge(int length) {
    return length > INLINE_BYTES;
  }

  /** The value at {@code key}, or null: one range read of the key and its parts. */
  public static byte[] get(ReadView view, byte[] key) {
    byte[] partsEnd = Keys.strinc(Keys.concat(key, PARTS));
    List<Value> values =
        assemble(view.getRange(key, partsEnd, 0, false), k -> Arrays.equals(k, key), false);
    return values.isEmpty() ? null : values.get(0).value();
  }

  /**
   * The first key past the value at {@code key} and its parts, where a range read resumes. Not
   * {@code Keys.strinc(key)}: that would also pass over keys that extend {@code key} with other
   * bytes (a map entry whose encoded key extends this one's).
   */
  public static byte[] after(byte[] key) {
    return Keys.strinc(Keys.concat(key, PARTS));
  }

  /** A value read back: its key, its bytes, and whether it was stored in parts. */
  public record Value(byte[] key, byte[] value, boolean large) {}

  /**
   * The values among {@code rows} (a range read in key order), each with its parts put back
   * together. {@code isKey} tells the keys of values from any other key the range holds; keys that
   * are neither values nor parts of the value before them (unreferenced staged parts) are skipped.
   * With {@code cut} (the read stopped at its limit) the last value may lack parts that lie beyond:
   * it is left out, and the caller reads on from before it.
   *
   * @throws StoreException {@code IO} when a value's parts do not match its header
   */
  public static List<Value> assemble(List<KeyValue> rows, Predicate<byte[]> isKey, boolean cut) {
    List<Value> values = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); ) {
      KeyValue row = rows.get(i++);
      if (!isKey.test(row.key())) {
        continue;
      }
      byte[] partsPrefix = Keys.concat(row.key(), PARTS);
      int first = i;
      while (i < rows.size() && startsWith(rows.get(i).key(), partsPrefix)) {
        i++;
      }
      if (!isHeader(row.value())) {
        values.add(
            new Value(row.key(), row.value(), false)); // stray parts after it are unreferenced
        continue;
      }
      byte[] value = join(row, rows.subList(first, i), cut && i == rows.size());
      if (value != null) {
        values.add(new Value(row.key(), value, true));
      }
    }
    return values;
  }

  /**
   * A large value's parts written ahead of the transaction that publishes it, for a value too big
   * to write in one transaction with everything else.
   */
  public static Staged stage(byte[] key, byte[] value) {
    return new Staged(key, value, ThreadLocalRandom.current().nextLong());
  }

  /** A value being staged: write its parts in transactions of their own, then publish it. */
  public static final class Staged {
    private final byte[] key;
    private final byte[] value;
    private final long version;

    private Staged(byte[] key, byte[] value, long version) {
      this.key = key;
      this.value = value;
      this.version = version;
    }

    /** How many parts there are to write. */
    public int parts() {
      return partCount(value.length);
    }

    /** Bytes a transaction spends on part {@code n}. */
    public int partBytes(int n) {
      return part(value, n).length + key.length + 32;
    }

    /** Writes part {@code n} into {@code tx}; invisible to readers until {@link #publish}. */
    public void writePart(Transaction tx, int n) {
      tx.set(partKey(key, version, n), part(value, n));
    }

    /**
     * Makes the staged value the key's: writes its header and clears every other version's parts
     * (two range clears around this version's, whatever the key held before).
     */
    public void publish(Transaction tx) {
      byte[] partsPrefix = Keys.concat(key, PARTS);
      byte[] mine = Keys.concat(partsPrefix, Tuple.from(version).pack());
      tx.clearRange(partsPrefix, mine);
      tx.clearRange(Keys.strinc(mine), Keys.strinc(partsPrefix));
      tx.set(key, header(version, value.length, parts()));
    }
  }

  private static byte[] join(KeyValue headerRow, List<KeyValue> partRows, boolean mayBeCut) {
    ByteBuffer header =
        ByteBuffer.wrap(headerRow.value(), MAGIC.length, HEADER_BYTES - MAGIC.length);
    long version = header.getLong();
    long length = header.getLong();
    int count = header.getInt();
    if (length > Integer.MAX_VALUE - 8
        || count != partCount((int) Math.min(length, Integer.MAX_VALUE))) {
      throw torn(headerRow.key(), "header says " + length + " bytes in " + count + " parts");
    }
    byte[] versionPrefix =
        Keys.concat(Keys.concat(headerRow.key(), PARTS), Tuple.from(version).pack());
    ByteBuffer out = ByteBuffer.allocate((int) length);
    int next = 0;
    for (KeyValue part : partRows) {
      if (!startsWith(part.key(), versionPrefix)) {
        continue; // another version's: staged and never published
      }
      if (!Arrays.equals(part.key(), partKey(headerRow.key(), version, next))
          || part.value().length > out.remaining()) {
        throw torn(headerRow.key(), "part " + next + " is missing or too long");
      }
      out.put(part.value());
      next++;
    }
    if (next < count || out.hasRemaining()) {
      if (mayBeCut) {
        return null;
      }
      throw torn(headerRow.key(), "parts hold " + out.position() + " of " + length + " bytes");
    }
    return out.array();
  }

  private static boolean isHeader(byte[] value) {
    return value.length == HEADER_BYTES
        && Arrays.equals(value, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
  }

  private static byte[] header(long version, int length, int parts) {
    return ByteBuffer.allocate(HEADER_BYTES)
        .put(MAGIC)
        .putLong(version)
        .putLong(length)
        .putInt(parts)
        .array();
  }

  private static int partCount(int length) {
    return (length + PART_BYTES - 1) / PART_BYTES;
  }

  private static byte[] part(byte[] value, int n) {
    int from = n * PART_BYTES;
    return Arrays.copyOfRange(value, from, Math.min(value.length, from + PART_BYTES));
  }

  private static byte[] partSuffix(long version, int n) {
    return Keys.concat(PARTS, Tuple.from(version, n).pack());
  }

  private static byte[] partKey(byte[] key, long version, int n) {
    return Keys.concat(key, partSuffix(version, n));
  }

  private static void clearParts(Transaction tx, byte[] key) {
    byte[] partsPrefix = Keys.concat(key, PARTS);
    tx.clearRange(partsPrefix, Keys.strinc(partsPrefix));
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static StoreException torn(byte[] key, String detail) {
    return new StoreException(
        StoreException.Code.IO, "torn large value at " + Keys.printable(key) + ": " + detail);
  }

  static {
    // A part, its key and the header must fit the store's limits however the key is built.
    if (PART_BYTES > Limits.MAX_VALUE_BYTES || INLINE_BYTES > Limits.MAX_VALUE_BYTES) {
      throw new ExceptionInInitializerError("parts must fit a store value");
    }
  }
}
