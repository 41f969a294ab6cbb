package io.eventide.dispatcher.processing;

import io.eventide.dispatcher.routing.Addr;
import java.util.HashMap;
import java.util.Map;

/**
 * One {@link Addr} instance per address in a shard. Every inbox entry and timer parses its target
 * into fresh strings; a shard then looks the address up in half a dozen maps per message (batch,
 * state cache, in-flight set, retries, timers), and with one shared instance each look-up ends on
 * {@code ==} with hashes computed once, instead of comparing three strings every time.
 *
 * <p>Bounded: past {@code capacity} addresses it starts over, which only costs the comparisons it
 * saves, never correctness.
 *
 * <h2>Thread safety</h2>
 * Confined to its shard's thread.
 */
final class Addresses {
  private final int capacity;
  private final Map<Addr, Addr> known = new HashMap<>();

  Addresses(int capacity) {
    this.capacity = capacity;
  }

  /** The shard's instance equal to {@code address}, which becomes it if there is none yet. */
  Addr intern(Addr address) {
    Addr existing = known.get(address);
    if (existing != null) {
      return existing;
    }
    if (known.size() >= capacity) {
      known.clear();
    }
    known.put(address, address);
    return address;
  }
}
