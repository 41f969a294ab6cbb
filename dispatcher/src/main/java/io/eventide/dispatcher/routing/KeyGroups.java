package io.eventide.dispatcher.routing;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Maps an address to its key group: {@code crc32c("ns/type/id") mod G}. The hash is part of the
 * on-disk format (inboxes are per key group), so it must never change.
 */
public final class KeyGroups {
  private KeyGroups() {}

  public static int of(String namespace, String type, String id, int groups) {
    CRC32C crc = new CRC32C();
    crc.update((namespace + '/' + type + '/' + id).getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % groups);
  }
}
