package io.eventide.dispatcher.routing;

import io.eventide.protocol.Address;

/** An address as a map key: cheap equality, unlike the protobuf message. */
public record Addr(String namespace, String type, String id) {
  public static Addr of(Address a) {
    return new Addr(a.getNamespace(), a.getType(), a.getId());
  }

  public Address toProto() {
    return Address.newBuilder().setNamespace(namespace).setType(type).setId(id).build();
  }

  public int keyGroup(int groups) {
    return KeyGroups.of(namespace, type, id, groups);
  }

  @Override
  public String toString() {
    return namespace + "/" + type + "/" + id;
  }
}
