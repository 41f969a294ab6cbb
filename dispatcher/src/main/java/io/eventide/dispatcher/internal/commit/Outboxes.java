package io.eventide.dispatcher.internal.commit;

import io.eventide.store.keyspace.Keyspace;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The outbox prefix of each egress ({@code keyspace.outbox(egress)}), packed once per egress: every
 * egress record needs it. Bounded, since handlers choose egress names.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe.
 */
public final class Outboxes {
  private static final int MAX_CACHED = 1_024;

  private final Keyspace keyspace;
  private final Map<String, byte[]> prefixes = new ConcurrentHashMap<>();

  public Outboxes(Keyspace keyspace) {
    this.keyspace = keyspace;
  }

  byte[] prefix(String egress) {
    byte[] prefix = prefixes.get(egress);
    if (prefix == null && prefixes.size() < MAX_CACHED) {
      prefix = prefixes.computeIfAbsent(egress, keyspace::outbox);
    }
    return prefix != null ? prefix : keyspace.outbox(egress);
  }
}
