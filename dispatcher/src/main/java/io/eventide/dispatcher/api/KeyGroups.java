package io.eventide.dispatcher.api;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Maps an address to its key group: {@code crc32c("ns/type/id") mod G}. The hash is part of the
 * on-disk format (inboxes are per key group), so it must never change.
 */
public final class KeyGroups {
  private KeyGroups() {}

  /** Room for the usual ASCII address, hashed without building its string or its bytes. */
  private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[256]);

  public static int of(String namespace, String type, String id, int groups) {
    CRC32C crc = new CRC32C();
    byte[] buffer = BUFFER.get();
    int length = namespace.length() + type.length() + id.length() + 2;
    if (length <= buffer.length
        && ascii(namespace, buffer, 0)
        && ascii(type, buffer, namespace.length() + 1)
        && ascii(id, buffer, length - id.length())) {
      // ASCII is its own UTF-8: the same bytes as the general case below, so the same group.
      buffer[namespace.length()] = '/';
      buffer[namespace.length() + type.length() + 1] = '/';
      crc.update(buffer, 0, length);
    } else {
      crc.update((namespace + '/' + type + '/' + id).getBytes(StandardCharsets.UTF_8));
    }
    return (int) (crc.getValue() % groups);
  }

  /**
   * Copies {@code s} into {@code out} at {@code at}; false (copying part of it) if it is not ASCII.
   */
  private static boolean ascii(String s, byte[] out, int at) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        return false;
      }
      out[at + i] = (byte) c;
    }
    return true;
  }
}
