package io.eventide.dispatcher.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.protocol.Address;
import org.junit.jupiter.api.Test;

/** A shard's address instances: one per address up to the capacity, then it starts over. */
class AddressesTest {
  @Test
  void equalAddressesShareOneInstanceWithSharedNames() {
    Addresses addresses = new Addresses(10);
    Addr first = addresses.intern(new Addr(new String("shop"), new String("counter"), "a"));
    Addr second = addresses.intern(new Addr(new String("shop"), new String("counter"), "b"));

    assertThat(addresses.intern(new Addr("shop", "counter", new String("a")))).isSameAs(first);
    assertThat(addresses.intern(proto("a"))).isSameAs(first);
    assertThat(second.namespace()).isSameAs(first.namespace());
    assertThat(second.type()).isSameAs(first.type());
  }

  @Test
  void anAddressWhoseNamesAreSharedAlreadyIsKeptAsGiven() {
    Addresses addresses = new Addresses(10);
    Addr first = addresses.intern(new Addr("shop", "counter", "a"));
    Addr given = new Addr(first.namespace(), first.type(), "b");

    assertThat(addresses.intern(given)).isSameAs(given);
  }

  @Test
  void atItsCapacityItStartsOverWithEqualAddresses() {
    Addresses addresses = new Addresses(2);
    Address protoA = proto("a");
    Addr a = addresses.intern(protoA);
    Addr b = addresses.intern(proto("b"));

    assertThat(addresses.intern(protoA)).as("at the capacity, still known").isSameAs(a);
    assertThat(addresses.intern(new Addr("shop", "counter", "b"))).isSameAs(b);
    Addr c = addresses.intern(proto("c")); // past it: the table starts over
    Addr again = addresses.intern(protoA);

    assertThat(again).isEqualTo(a).isNotSameAs(a);
    assertThat(addresses.intern(new Addr("shop", "counter", "c"))).isSameAs(c);
  }

  private static Address proto(String id) {
    return Address.newBuilder().setNamespace("shop").setType("counter").setId(id).build();
  }
}
