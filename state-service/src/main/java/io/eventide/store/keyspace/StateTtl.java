package io.eventide.store.keyspace;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * How state with a TTL is stored, as the SDK writes it ({@code io.eventide.sdk.runtime.Expiring},
 * which this mirrors: the platform does not depend on the SDK). Values, maps and lists without a
 * TTL are stored as they always were.
 *
 * <ul>
 *   <li>A value, map or list whose spec has a TTL is stored under its name followed by {@link
 *       #SUFFIX}, which no state name can contain. Each of its values, map entries or list elements
 *       starts with a header: a version byte ({@code 1}), then the processing time (epoch ms,
 *       big-endian) it expires at.
 *   <li>A list that expires after access is stored under its name followed by {@link
 *       #LIST_ON_ACCESS}, its elements as they are; a value of that same stored name holds only the
 *       header: when the whole list expires.
 * </ul>
 *
 * See docs/decisions/state-ttl.md.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless.
 */
public final class StateTtl {
  /** Ends the stored name of a value, map or list whose every item carries its expiry. */
  public static final String SUFFIX = "@ttl";

  /** Ends the stored name of a list that expires as a whole, and of the value holding when. */
  public static final String LIST_ON_ACCESS = "@ttla";

  /** Bytes of the header. */
  public static final int HEADER_BYTES = 9;

  private static final byte VERSION = 1;

  private StateTtl() {}

  /** When {@code stored} expires; {@link Long#MIN_VALUE} (expired) when it has no header. */
  public static long expiresAt(byte[] stored) {
    if (stored.length < HEADER_BYTES || stored[0] != VERSION) {
      return Long.MIN_VALUE;
    }
    long at = 0;
    for (int i = 1; i < HEADER_BYTES; i++) {
      at = (at << 8) | (stored[i] & 0xff);
    }
    return at;
  }

  /** Whether {@code stored} is still there at processing time {@code now}. */
  public static boolean alive(byte[] stored, long now) {
    return expiresAt(stored) > now;
  }

  /** {@code stored} without its header. */
  public static byte[] payload(byte[] stored) {
    return Arrays.copyOfRange(stored, HEADER_BYTES, stored.length);
  }

  /** Whether a value, map or list stored as {@code name} carries an expiry in each item. */
  public static boolean expiresByItem(String name) {
    return name.endsWith(SUFFIX);
  }

  /** The name a user gave the state stored as {@code name}. */
  public static String userName(String name) {
    if (name.endsWith(SUFFIX)) {
      return name.substring(0, name.length() - SUFFIX.length());
    }
    if (name.endsWith(LIST_ON_ACCESS)) {
      return name.substring(0, name.length() - LIST_ON_ACCESS.length());
    }
    return name;
  }

  /**
   * When each of an instance's live values with a TTL expires, by its user's name: for the state
   * API, beside {@link #visible}.
   */
  public static Map<String, Long> expiries(Map<String, byte[]> stored, long now) {
    Map<String, Long> out = new HashMap<>();
    stored.forEach(
        (name, value) -> {
          if (name.endsWith(SUFFIX) && alive(value, now) && !stored.containsKey(userName(name))) {
            out.put(userName(name), expiresAt(value));
          }
        });
    return out;
  }

  /**
   * An instance's values as its handlers see them at {@code now}: by their users' names, expired
   * ones and the expiries of lists left out, headers taken off.
   */
  public static Map<String, byte[]> visible(Map<String, byte[]> stored, long now) {
    Map<String, byte[]> out = new HashMap<>(Math.max(4, stored.size() * 2));
    stored.forEach(
        (name, value) -> {
          if (name.endsWith(SUFFIX)) {
            if (alive(value, now)) {
              out.putIfAbsent(userName(name), payload(value));
            }
          } else if (!name.endsWith(LIST_ON_ACCESS)) {
            out.put(name, value); // wins over a TTL'd one, as a handler's read of its spec does
          }
        });
    return out;
  }
}
