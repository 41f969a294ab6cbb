package io.eventide.store.keyspace;

import com.apple.foundationdb.tuple.Tuple;
import io.eventide.store.KeyValue;
import io.eventide.store.Keys;
import io.eventide.store.ReadView;
import io.eventide.store.StoreException;
import io.eventide.store.Transaction;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Values larger than one store value, split across keys under a prefix:
 *
 * <pre>
 * prefix + ("h")   header: total length (8 bytes BE), chunk count (4 bytes BE)
 * prefix + (n)     chunk n, n = 0.. (tuple integers sort numerically, after the header)
 * </pre>
 *
 * A read takes the whole prefix in one range read (one snapshot) and checks the header against the
 * chunks, so a value written without clearing its predecessor, or cut short, is reported as torn
 * instead of returned wrong.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless; the transaction passed in is not thread-safe.
 */
public final class Chunks {
  /** Bytes per chunk: under the 100 kB value limit with room to spare. */
  public static final int CHUNK_BYTES = 90_000;

  private static final byte[] HEADER = Tuple.from("h").pack();

  private Chunks() {}

  /** Replaces whatever is under {@code prefix} with {@code data}. */
  public static void write(Transaction tx, byte[] prefix, byte[] data) {
    clear(tx, prefix);
    int count = (data.length + CHUNK_BYTES - 1) / CHUNK_BYTES;
    tx.set(
        Keys.concat(prefix, HEADER),
        ByteBuffer.allocate(12).putLong(data.length).putInt(count).array());
    for (int i = 0; i < count; i++) {
      int from = i * CHUNK_BYTES;
      byte[] chunk = Arrays.copyOfRange(data, from, Math.min(data.length, from + CHUNK_BYTES));
      tx.set(Keys.concat(prefix, Tuple.from(i).pack()), chunk);
    }
  }

  /** The value under {@code prefix}, or null when there is none. */
  public static byte[] read(ReadView view, byte[] prefix) {
    List<KeyValue> entries = view.getRange(prefix, Keys.strinc(prefix), 0, false);
    if (entries.isEmpty()) {
      return null;
    }
    KeyValue header = entries.get(0);
    if (!Arrays.equals(header.key(), Keys.concat(prefix, HEADER)) || header.value().length != 12) {
      throw torn("missing header");
    }
    ByteBuffer h = ByteBuffer.wrap(header.value());
    long length = h.getLong();
    int count = h.getInt();
    if (entries.size() - 1 != count || length > Integer.MAX_VALUE) {
      throw torn("header says " + count + " chunks, found " + (entries.size() - 1));
    }
    ByteBuffer out = ByteBuffer.allocate((int) length);
    for (int i = 0; i < count; i++) {
      KeyValue chunk = entries.get(i + 1);
      if (!Arrays.equals(chunk.key(), Keys.concat(prefix, Tuple.from(i).pack()))
          || chunk.value().length > out.remaining()) {
        throw torn("chunk " + i + " is missing or too long");
      }
      out.put(chunk.value());
    }
    if (out.hasRemaining()) {
      throw torn("chunks hold " + out.position() + " of " + length + " bytes");
    }
    return out.array();
  }

  /** Removes the value under {@code prefix}. */
  public static void clear(Transaction tx, byte[] prefix) {
    tx.clearRange(prefix, Keys.strinc(prefix));
  }

  private static StoreException torn(String detail) {
    return new StoreException(StoreException.Code.IO, "torn chunked value: " + detail);
  }
}
