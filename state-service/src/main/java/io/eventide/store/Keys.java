package io.eventide.store;

import java.util.Arrays;

/** Byte-key helpers shared by backends and callers. */
public final class Keys {
  private Keys() {}

  /**
   * The first key after every key starting with {@code prefix} (FoundationDB's {@code strinc}):
   * drop trailing 0xff bytes, then increment the last byte.
   */
  public static byte[] strinc(byte[] prefix) {
    int end = prefix.length;
    while (end > 0 && prefix[end - 1] == (byte) 0xff) {
      end--;
    }
    if (end == 0) {
      throw new IllegalArgumentException("key must contain a byte other than 0xff");
    }
    byte[] next = Arrays.copyOf(prefix, end);
    next[end - 1]++;
    return next;
  }

  /** The first key after {@code key}: it followed by a zero byte. */
  public static byte[] keyAfter(byte[] key) {
    return Arrays.copyOf(key, key.length + 1);
  }

  /** Unsigned lexicographic comparison, the store's key order. */
  public static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  public static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /**
   * {@code key} for messages: printable ASCII as is, other bytes as {@code \\xNN}, as FoundationDB
   * prints keys.
   */
  public static String printable(byte[] key) {
    StringBuilder out = new StringBuilder(key.length + 16);
    for (byte b : key) {
      int c = b & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '\\') {
        out.append((char) c);
      } else {
        out.append(String.format("\\x%02x", c));
      }
    }
    return out.toString();
  }
}
