package io.eventide.sdk.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonAlias;
import io.eventide.sdk.Address;
import io.eventide.sdk.Names;
import io.eventide.sdk.Type;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;
import io.eventide.sdk.examples.Orders.Order;
import org.junit.jupiter.api.Test;

/** The Javadoc examples of names, types and state specs. */
class ValueExamplesTest {
  // javadoc: Types#json
  // v1: record Profile(String name, String nick, String legacy) {}
  record Profile(String name, @JsonAlias("nick") String nickname, int level) {}

  // end javadoc

  @Test
  void addressesAndTypeNames() {
    // javadoc: Address
    Address alice = Address.of("shop", "cart", "alice");
    // end javadoc
    // javadoc: TypeName
    TypeName counter = TypeName.of("shop", "counter");
    // end javadoc

    assertThat(alice).hasToString("shop/cart/alice");
    assertThat(counter).hasToString("shop/counter");
  }

  @Test
  void oneRuleForNames() {
    // javadoc: Names
    boolean ok = Names.valid("orders.v2"); // true
    boolean bad = Names.valid("orders/v2"); // false: '/' separates the parts of an address
    // end javadoc

    assertThat(ok).isTrue();
    assertThat(bad).isFalse();
  }

  @Test
  void aJsonTypeEncodes() {
    Order order = new Order("o-1", 250);
    // javadoc: Type
    Type<Order> orders = Types.json(Order.class);
    byte[] bytes = orders.encode(order);
    // end javadoc

    assertThat(new String(bytes, UTF_8)).isEqualTo("{\"id\":\"o-1\",\"cents\":250}");
    assertThat(orders.decode(bytes)).isEqualTo(order);
  }

  @Test
  void aRenamedFieldReadsItsOldName() {
    byte[] v1 = "{\"name\":\"Ada\",\"nick\":\"ada\",\"legacy\":\"x\"}".getBytes(UTF_8);

    assertThat(Types.json(Profile.class).decode(v1)).isEqualTo(new Profile("Ada", "ada", 0));
  }

  @Test
  void aSpecIsNamedThenTyped() {
    // javadoc: ValueSpec.Named
    ValueSpec.Named seen = ValueSpec.named("seen");
    ValueSpec<Long> spec = seen.withType(Types.LONG);
    // end javadoc

    assertThat(spec.name()).isEqualTo("seen");
    assertThat(spec.type()).isSameAs(Types.LONG);
  }
}
