package io.eventide.store.keyspace;

import io.eventide.store.KeyValue;
import io.eventide.store.Keys;
import io.eventide.store.StoreException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * How an internal list is stored ({@link Keyspace#list}): each commit that appends to it writes one
 * segment, a versionstamped value holding the elements it appended (count, then each element's
 * length and bytes, big-endian), so the segments of a list in key order are its elements in order.
 * A segment over the value limit is stored in parts ({@link LargeValues}).
 *
 * <h2>Thread safety</h2>
 *
 * Stateless.
 */
public final class ListSegments {
  private ListSegments() {}

  public static byte[] encode(List<byte[]> elements) {
    int size = Integer.BYTES;
    for (byte[] element : elements) {
      size += Integer.BYTES + element.length;
    }
    ByteBuffer out = ByteBuffer.allocate(size).putInt(elements.size());
    for (byte[] element : elements) {
      out.putInt(element.length).put(element);
    }
    return out.array();
  }

  /** The elements of the segments under {@code prefix}, from a read of that whole prefix. */
  public static List<byte[]> elements(byte[] prefix, List<KeyValue> rows) {
    List<byte[]> elements = new ArrayList<>();
    for (LargeValues.Value segment : segments(prefix, rows, false)) {
      decode(segment, elements);
    }
    return elements;
  }

  /**
   * The whole segments among {@code rows}, a range read under {@code prefix} in key order; with
   * {@code cut} (the read stopped at its limit) the last may be left out for the next read.
   */
  public static List<LargeValues.Value> segments(byte[] prefix, List<KeyValue> rows, boolean cut) {
    int segmentKeyLength =
        prefix.length + 13; // a versionstamp after the prefix; longer keys are parts
    return LargeValues.assemble(rows, key -> key.length == segmentKeyLength, cut);
  }

  /** Adds the elements of {@code segment} to {@code elements}, in order. */
  public static void decode(LargeValues.Value segment, List<byte[]> elements) {
    ByteBuffer in = ByteBuffer.wrap(segment.value());
    try {
      for (int n = in.getInt(); n > 0; n--) {
        byte[] element = new byte[in.getInt()];
        in.get(element);
        elements.add(element);
      }
    } catch (RuntimeException e) {
      throw new StoreException(
          StoreException.Code.IO, "corrupt list segment at " + Keys.printable(segment.key()), e);
    }
  }
}
