package io.eventide.sdk.runtime;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * How state with a TTL is stored, so that the store alone tells what expires and when (the state
 * queries and the background sweep read it without the spec). Values without a TTL are stored as
 * they always were, not a byte added. Mirrored by the platform's {@code
 * io.eventide.store.keyspace.StateTtl}; see docs/decisions/state-ttl.md.
 *
 * <ul>
 *   <li>A value, map or list whose spec has a TTL is stored under its name followed by {@link
 *       #SUFFIX}, which no spec name can contain, and each of its values, entries or elements
 *       starts with a header: a version byte ({@code 1}) and the processing time it expires at
 *       (epoch ms, big-endian).
 *   <li>A list that expires after access is stored under its name followed by {@link
 *       #LIST_ON_ACCESS}, its elements as they are, and a value of that same stored name holds the
 *       header alone: when the whole list expires.
 * </ul>
 *
 * <h2>Thread safety</h2>
 *
 * Stateless.
 */
public final class Expiring {
  /** Ends the stored name of a value, map or list whose every item carries its expiry. */
  public static final String SUFFIX = "@ttl";

  /** Ends the stored name of a list that expires as a whole, after its last access. */
  public static final String LIST_ON_ACCESS = "@ttla";

  /** Bytes of the header before the payload. */
  public static final int HEADER_BYTES = 9;

  private static final byte VERSION = 1;

  private Expiring() {}

  /** The name {@code name} is stored under for a spec with {@code ttl} (empty: none). */
  public static String storedName(String name, Optional<Duration> ttl) {
    return ttl.isEmpty() ? name : name + SUFFIX;
  }

  /** The processing time a write (or access) at {@code now} expires at; saturates. */
  public static long deadline(long now, Duration ttl) {
    long millis = ttl.toMillis();
    long sum = now + millis;
    return ((now ^ sum) & (millis ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  /** {@code payload} with a header saying it expires at {@code expiresAt}. */
  public static byte[] wrap(long expiresAt, byte[] payload) {
    byte[] out = new byte[HEADER_BYTES + payload.length];
    out[0] = VERSION;
    for (int i = 0; i < Long.BYTES; i++) {
      out[1 + i] = (byte) (expiresAt >>> (56 - 8 * i));
    }
    System.arraycopy(payload, 0, out, HEADER_BYTES, payload.length);
    return out;
  }

  /**
   * When {@code stored} expires; {@link Long#MIN_VALUE} (expired) if it holds no header, which only
   * a store written by hand can hold.
   */
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

  /** Whether {@code stored} has not expired at processing time {@code now}. */
  public static boolean alive(byte[] stored, long now) {
    return expiresAt(stored) > now;
  }

  /** The payload of {@code stored}, without its header. */
  public static byte[] payload(byte[] stored) {
    return Arrays.copyOfRange(stored, HEADER_BYTES, stored.length);
  }
}
