package io.eventide.store.keyspace;

import com.apple.foundationdb.tuple.Tuple;
import io.eventide.store.Keys;
import java.util.Arrays;

/**
 * FoundationDB's tuple encoding of strings and integers, the elements of nearly every key, written
 * straight into one array after a prefix. {@link Tuple#pack} builds a list, scans it for incomplete
 * versionstamps and copies through a byte stream on every key; on a shard's hot path (timer and
 * state keys of every message) that showed in profiles. Any other element type goes to {@link
 * Tuple}, so the bytes are always the tuple layer's ({@code TuplePackerTest} compares).
 *
 * <h2>Thread safety</h2>
 *
 * Stateless.
 */
final class TuplePacker {
  private static final byte BYTES_CODE = 0x01;
  private static final byte STRING_CODE = 0x02;
  private static final byte INT_ZERO_CODE = 0x14;

  private TuplePacker() {}

  /** {@code prefix} followed by the tuple encoding of {@code elements}. */
  static byte[] pack(byte[] prefix, Object... elements) {
    int size = prefix.length;
    for (Object element : elements) {
      int n = size(element);
      if (n < 0) {
        return Keys.concat(prefix, Tuple.from(elements).pack());
      }
      size += n;
    }
    byte[] out = Arrays.copyOf(prefix, size);
    int at = prefix.length;
    for (Object element : elements) {
      at = write(element, out, at);
    }
    return out;
  }

  /** The encoded size of {@code element}; -1 for a type this class leaves to {@link Tuple}. */
  private static int size(Object element) {
    if (element instanceof String s) {
      int utf8 = utf8Size(s);
      return utf8 < 0 ? -1 : 2 + utf8 + nulls(s);
    }
    if (element instanceof Long || element instanceof Integer) {
      return 1 + magnitudeBytes(((Number) element).longValue());
    }
    if (element instanceof byte[] b) {
      int zeros = 0;
      for (byte x : b) {
        if (x == 0) {
          zeros++;
        }
      }
      return 2 + b.length + zeros;
    }
    return -1;
  }

  private static int write(Object element, byte[] out, int at) {
    if (element instanceof String s) {
      out[at++] = STRING_CODE;
      return escapedUtf8(s, out, at);
    }
    if (element instanceof byte[] b) {
      out[at++] = BYTES_CODE;
      return escaped(b, out, at);
    }
    long value = ((Number) element).longValue();
    int length = magnitudeBytes(value);
    // Negative integers are stored as the one's complement of their magnitude, so they sort below.
    long bits = value >= 0 ? value : ~(-value);
    out[at++] = (byte) (value >= 0 ? INT_ZERO_CODE + length : INT_ZERO_CODE - length);
    for (int i = length - 1; i >= 0; i--) {
      out[at++] = (byte) (bits >>> (8 * i));
    }
    return at;
  }

  /** Bytes with each 0x00 escaped as 0x00 0xff, then the terminating 0x00. */
  private static int escaped(byte[] bytes, byte[] out, int at) {
    for (byte b : bytes) {
      out[at++] = b;
      if (b == 0) {
        out[at++] = (byte) 0xff;
      }
    }
    out[at++] = 0;
    return at;
  }

  /**
   * {@code s} as UTF-8 straight into {@code out}, each 0x00 escaped, then the terminating 0x00:
   * {@code getBytes} drew an array per element of every key. Only U+0000 encodes to a 0x00 byte,
   * and {@link #size} leaves strings with surrogates to {@link Tuple}.
   */
  private static int escapedUtf8(String s, byte[] out, int at) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out[at++] = (byte) c;
        if (c == 0) {
          out[at++] = (byte) 0xff;
        }
      } else if (c < 0x800) {
        out[at++] = (byte) (0xc0 | (c >> 6));
        out[at++] = (byte) (0x80 | (c & 0x3f));
      } else {
        out[at++] = (byte) (0xe0 | (c >> 12));
        out[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        out[at++] = (byte) (0x80 | (c & 0x3f));
      }
    }
    out[at++] = 0;
    return at;
  }

  /** Bytes of the magnitude, as unsigned: Long.MIN_VALUE's is 2^63, eight bytes. */
  private static int magnitudeBytes(long value) {
    long magnitude = value >= 0 ? value : -value;
    return (Long.SIZE - Long.numberOfLeadingZeros(magnitude) + 7) / 8;
  }

  /** UTF-8 bytes of {@code s}; -1 when it holds a surrogate, left to {@link Tuple}'s own rules. */
  private static int utf8Size(String s) {
    int size = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        size++;
      } else if (c < 0x800) {
        size += 2;
      } else if (Character.isSurrogate(c)) {
        return -1;
      } else {
        size += 3;
      }
    }
    return size;
  }

  private static int nulls(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == 0) {
        n++;
      }
    }
    return n;
  }
}
