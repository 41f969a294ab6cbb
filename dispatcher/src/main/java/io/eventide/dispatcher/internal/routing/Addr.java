package io.eventide.dispatcher.internal.routing;

import io.eventide.dispatcher.api.IngressMessage;
import io.eventide.dispatcher.api.KeyGroups;
import io.eventide.protocol.Address;

/**
 * An address as a map key: cheap equality, unlike the protobuf message. The dispatcher's one
 * address type; the conversions from and to the wire's {@link Address} are here.
 *
 * <p>A final class rather than a record, for its hash: computed once, when made. A shard looks an
 * address up in a dozen maps per message (inbox batch, state cache, in-flight sets, the commit's
 * changes), and with a million keys the strings of an address are out of the CPU's caches by the
 * next look-up; a record's hash reads all three every time, which JFR showed as a twentieth of the
 * node's samples (issue 23, docs/decisions/state-read-path.md). The accessors keep the record's
 * names.
 */
public final class Addr {
  private final String namespace;
  private final String type;
  private final String id;
  private final int hash;

  public Addr(String namespace, String type, String id) {
    this.namespace = namespace;
    this.type = type;
    this.id = id;
    this.hash = (31 * namespace.hashCode() + type.hashCode()) * 31 + id.hashCode();
  }

  public static Addr of(Address a) {
    return new Addr(a.getNamespace(), a.getType(), a.getId());
  }

  /** The wire address of an ingress message's target. */
  public static Address proto(IngressMessage m) {
    return Address.newBuilder().setNamespace(m.namespace()).setType(m.type()).setId(m.id()).build();
  }

  public String namespace() {
    return namespace;
  }

  public String type() {
    return type;
  }

  public String id() {
    return id;
  }

  public Address toProto() {
    return Address.newBuilder().setNamespace(namespace).setType(type).setId(id).build();
  }

  public int keyGroup(int groups) {
    return KeyGroups.of(namespace, type, id, groups);
  }

  /**
   * Shards intern their addresses, so most comparisons are of one instance with itself; otherwise
   * the hashes tell most different addresses apart without reading a string. The id differs first
   * among addresses of one type.
   */
  @Override
  public boolean equals(Object o) {
    return this == o
        || o instanceof Addr a
            && hash == a.hash
            && id.equals(a.id)
            && type.equals(a.type)
            && namespace.equals(a.namespace);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return namespace + "/" + type + "/" + id;
  }
}
