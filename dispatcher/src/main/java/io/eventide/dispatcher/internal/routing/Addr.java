package io.eventide.dispatcher.internal.routing;

import io.eventide.dispatcher.api.IngressMessage;
import io.eventide.dispatcher.api.KeyGroups;
import io.eventide.protocol.Address;

/**
 * An address as a map key: cheap equality, unlike the protobuf message. The dispatcher's one
 * address type; the conversions from and to the wire's {@link Address} are here.
 */
public record Addr(String namespace, String type, String id) {
  public static Addr of(Address a) {
    return new Addr(a.getNamespace(), a.getType(), a.getId());
  }

  /** The wire address of an ingress message's target. */
  public static Address proto(IngressMessage m) {
    return Address.newBuilder().setNamespace(m.namespace()).setType(m.type()).setId(m.id()).build();
  }

  public Address toProto() {
    return Address.newBuilder().setNamespace(namespace).setType(type).setId(id).build();
  }

  public int keyGroup(int groups) {
    return KeyGroups.of(namespace, type, id, groups);
  }

  /**
   * Shards intern their addresses, so most comparisons are of one instance with itself; the
   * generated record equality compares every component even then, and showed in profiles. The id
   * differs first among addresses of one type.
   */
  @Override
  public boolean equals(Object o) {
    return this == o
        || o instanceof Addr a
            && id.equals(a.id)
            && type.equals(a.type)
            && namespace.equals(a.namespace);
  }

  @Override
  public int hashCode() {
    return (31 * namespace.hashCode() + type.hashCode()) * 31 + id.hashCode();
  }

  @Override
  public String toString() {
    return namespace + "/" + type + "/" + id;
  }
}
