package io.eventide.dispatcher.internal.routing;

import io.eventide.protocol.Address;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One {@link Addr} instance per address in a shard. Every inbox entry and timer parses its target
 * into fresh strings; a shard then looks the address up in half a dozen maps per message (batch,
 * state cache, in-flight set, retries, timers), and with one shared instance each look-up ends on
 * {@code ==} with hashes computed once, instead of comparing three strings every time.
 *
 * <p>The namespace and type of a new address are shared instances too: a million addresses of one
 * type would otherwise hold a million copies of each.
 *
 * <p>Bounded: past {@code capacity} addresses it starts over, which only costs the comparisons it
 * saves, never correctness.
 *
 * <h2>Thread safety</h2>
 *
 * Confined to its shard's thread.
 */
public final class Addresses {
  private final int capacity;
  private final Map<Addr, Addr> known = new HashMap<>();

  private final SharedNames names = new SharedNames(4_096);

  /**
   * The instances of targets interned lately, direct-mapped by identity: the chunk decoder gives
   * every entry of an address seen lately the same {@link Address}, so most look-ups end here.
   */
  private static final int SLOTS = 1 << 15;

  private final Address[] protos = new Address[SLOTS];
  private final Addr[] interned = new Addr[SLOTS];

  public Addresses(int capacity) {
    this.capacity = capacity;
  }

  /** The shard's instance of {@code target}'s address. */
  public Addr intern(Address target) {
    int slot = System.identityHashCode(target) & (SLOTS - 1);
    if (protos[slot] != target) {
      interned[slot] = intern(Addr.of(target));
      protos[slot] = target;
    }
    return interned[slot];
  }

  /**
   * The shard's instance equal to {@code address}, made (with shared namespace and type) if none.
   * One look-up in the table either way: with a million keys nearly every address is new, and a
   * look-up then an insertion was two misses of the CPU's caches in a table of hundreds of
   * thousands.
   */
  public Addr intern(Addr address) {
    Addr interned = known.computeIfAbsent(address, this::shared);
    if (known.size() > capacity) {
      known.clear();
      Arrays.fill(protos, null);
      known.put(interned, interned);
    }
    return interned;
  }

  /** {@code address} itself when its names are the shared ones already (the inbox decoder's). */
  private Addr shared(Addr address) {
    String namespace = names.of(address.namespace());
    String type = names.of(address.type());
    return namespace == address.namespace() && type == address.type()
        ? address
        : new Addr(namespace, type, address.id());
  }
}
