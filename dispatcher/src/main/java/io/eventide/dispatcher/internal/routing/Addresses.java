package io.eventide.dispatcher.internal.routing;

import io.eventide.protocol.Address;

/**
 * One {@link Addr} instance per address in a shard, as far as its table holds them. Every inbox
 * entry and timer parses its target into fresh strings; a shard then looks the address up in half a
 * dozen maps per message (batch, state cache, in-flight set, retries, timers), and with one shared
 * instance each look-up ends on {@code ==}, instead of comparing strings.
 *
 * <p>The namespace and type of a new address are shared instances too: a million addresses of one
 * type would otherwise hold a million copies of each.
 *
 * <p>The table is direct-mapped by the address's hash, at least {@code capacity} slots: a new
 * address takes its slot from whichever address held it, which only costs the comparisons sharing
 * saves, never correctness (nothing compares addresses by identity alone). With a million keys
 * nearly every address is new to it, and a hash map's look-up and insertion were two misses of the
 * CPU's caches per event, its nodes a garbage of hundreds of thousands; a slot is one (issue 23,
 * docs/decisions/state-read-path.md).
 *
 * <h2>Thread safety</h2>
 *
 * Confined to its shard's thread.
 */
public final class Addresses {
  private final Addr[] known;
  private final int shift;

  private final SharedNames names = new SharedNames(4_096);

  /**
   * The instances of targets interned lately, direct-mapped by identity: the chunk decoder gives
   * every entry of an address seen lately the same {@link Address}, so most look-ups end here.
   */
  private static final int SLOTS = 1 << 15;

  private final Address[] protos = new Address[SLOTS];
  private final Addr[] interned = new Addr[SLOTS];

  public Addresses(int capacity) {
    int bits = Math.max(1, Integer.SIZE - Integer.numberOfLeadingZeros(Math.max(1, capacity) - 1));
    this.known = new Addr[1 << bits];
    this.shift = Integer.SIZE - bits;
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
   * The shard's instance equal to {@code address}, made (with shared namespace and type) if its
   * slot holds another.
   */
  public Addr intern(Addr address) {
    // Fibonacci hashing: the polynomial hash of ids that differ in their last digits is crowded.
    int slot = (address.hashCode() * 0x9E3779B9) >>> shift;
    Addr existing = known[slot];
    if (existing != null && existing.equals(address)) {
      return existing;
    }
    Addr shared = shared(address);
    known[slot] = shared;
    return shared;
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
