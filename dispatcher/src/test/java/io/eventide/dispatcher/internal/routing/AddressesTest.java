package io.eventide.dispatcher.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.protocol.Address;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A shard's address instances: one per address while its slot holds it, equal ones after. */
class AddressesTest {
  @Test
  void equalAddressesShareOneInstanceWithSharedNames() {
    Addresses addresses = new Addresses(1_024);
    Addr first = addresses.intern(new Addr(new String("shop"), new String("counter"), "a"));
    Addr second = addresses.intern(new Addr(new String("shop"), new String("counter"), "b"));

    assertThat(addresses.intern(new Addr("shop", "counter", new String("a")))).isSameAs(first);
    assertThat(addresses.intern(proto("a"))).isSameAs(first);
    assertThat(addresses.intern(proto("b"))).isSameAs(second);
    assertThat(second.namespace()).isSameAs(first.namespace());
    assertThat(second.type()).isSameAs(first.type());
  }

  @Test
  void anAddressWhoseNamesAreSharedAlreadyIsKeptAsGiven() {
    Addresses addresses = new Addresses(1_024);
    Addr first = addresses.intern(new Addr("shop", "counter", "a"));
    Addr given = new Addr(first.namespace(), first.type(), "b");

    assertThat(addresses.intern(given)).isSameAs(given);
  }

  @Test
  void moreAddressesThanSlotsDisplaceEachOtherAndStayEqual() {
    Addresses addresses = new Addresses(1); // two slots
    List<Addr> first = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      first.add(addresses.intern(proto("k" + i)));
    }
    int displaced = 0;
    for (int i = 0; i < 10; i++) {
      Addr again = addresses.intern(new Addr("shop", "counter", "k" + i));
      assertThat(again).isEqualTo(first.get(i)).hasSameHashCodeAs(first.get(i));
      if (again != first.get(i)) {
        displaced++;
      }
    }

    assertThat(displaced).as("ten addresses in two slots").isGreaterThanOrEqualTo(8);
    Addr last = addresses.intern(new Addr("shop", "counter", "k9"));
    assertThat(addresses.intern(new Addr("shop", "counter", "k9")))
        .as("just interned, so in its slot")
        .isSameAs(last);
  }

  private static Address proto(String id) {
    return Address.newBuilder().setNamespace("shop").setType("counter").setId(id).build();
  }
}
