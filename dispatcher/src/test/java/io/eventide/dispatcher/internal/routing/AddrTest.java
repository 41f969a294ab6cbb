package io.eventide.dispatcher.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.protocol.Address;
import org.junit.jupiter.api.Test;

/** An address as a map key: equal by its three names, its hash computed once and kept. */
class AddrTest {
  @Test
  void addressesOfEqualNamesAreEqualWithOneHashAndTheRecordsText() {
    Addr a = new Addr(new String("shop"), new String("counter"), new String("k1"));
    Addr same =
        Addr.of(Address.newBuilder().setNamespace("shop").setType("counter").setId("k1").build());

    assertThat(a).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(a.hashCode())
        .isEqualTo((31 * "shop".hashCode() + "counter".hashCode()) * 31 + "k1".hashCode());
    assertThat(a).hasToString("shop/counter/k1");
    assertThat(a.toProto()).isEqualTo(same.toProto());
    assertThat(a.namespace() + a.type() + a.id()).isEqualTo("shopcounterk1");
  }

  @Test
  void equalHashesOfDifferentNamesAreStillDifferentAddresses() {
    // "Aa" and "BB" have one String hash, so these two addresses have one hash too.
    Addr aa = new Addr("shop", "counter", "Aa");
    Addr bb = new Addr("shop", "counter", "BB");

    assertThat(aa.hashCode()).isEqualTo(bb.hashCode());
    assertThat(aa).isNotEqualTo(bb);
    assertThat(new Addr("shop", "Aa", "k")).isNotEqualTo(new Addr("shop", "BB", "k"));
    assertThat(new Addr("Aa", "counter", "k")).isNotEqualTo(new Addr("BB", "counter", "k"));
    assertThat(aa).isNotEqualTo(new Addr("shop", "counter", "Ab")).isNotEqualTo("shop/counter/Aa");
  }
}
