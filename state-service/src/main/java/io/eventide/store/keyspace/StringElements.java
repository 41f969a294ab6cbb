package io.eventide.store.keyspace;

import com.apple.foundationdb.tuple.Tuple;
import java.nio.charset.StandardCharsets;

/**
 * Reads the string elements of a tuple-encoded key in place, the reverse of {@link TuplePacker}'s
 * strings. {@link Tuple#fromBytes} decodes every element of a key through a charset decoder, a
 * buffer and a list; reading a value's name that way, twice per row, was most of what a state load
 * allocated per address at a million keys, and most of what an idle node allocated while the
 * expired-state sweep walked the values. A key's elements are found by their bytes, and only the
 * string wanted is decoded; an escaped NUL (rare) goes to {@link Tuple}, so the strings are always
 * the tuple layer's ({@code StringElementsTest} compares).
 *
 * <h2>Thread safety</h2>
 *
 * Stateless.
 */
final class StringElements {
  private static final byte STRING_CODE = 0x02;

  private StringElements() {}

  /**
   * The index just past the string element that starts at {@code from}, or -1 if no complete string
   * element starts there.
   */
  static int skip(byte[] key, int from) {
    if (from >= key.length || key[from] != STRING_CODE) {
      return -1;
    }
    for (int i = from + 1; i < key.length; i++) {
      if (key[i] == 0) {
        if (i + 1 < key.length && key[i + 1] == (byte) 0xFF) {
          i++; // an escaped NUL inside the string
          continue;
        }
        return i + 1;
      }
    }
    return -1;
  }

  /**
   * Whether {@code key} holds exactly {@code count} string elements from {@code from} to its end.
   */
  static boolean exactly(byte[] key, int from, int count) {
    int at = from;
    for (int n = 0; n < count; n++) {
      at = skip(key, at);
      if (at < 0) {
        return false;
      }
    }
    return at == key.length;
  }

  /** The string element from {@code from} to {@code end}, as {@link #skip} found it. */
  static String decode(byte[] key, int from, int end) {
    for (int i = from + 1; i < end - 1; i++) {
      if (key[i] == 0) {
        return Tuple.fromBytes(key, from, end - from).getString(0);
      }
    }
    return new String(key, from + 1, end - from - 2, StandardCharsets.UTF_8);
  }

  /** Whether {@code key}'s last element is a string ending with {@code suffix} (ASCII). */
  static boolean lastEndsWith(byte[] key, String suffix) {
    int n = suffix.length();
    if (key.length < n + 2 || key[key.length - 1] != 0) {
      return false;
    }
    int at = key.length - 1 - n;
    for (int i = 0; i < n; i++) {
      if (key[at + i] != (byte) suffix.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
