package io.eventide.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TypesTest {
  record Order(String id, long cents, List<String> tags, Map<String, Integer> counts, Item item) {}

  record Item(String sku, boolean gift) {}

  @Test
  void stringIsUtf8Text() {
    byte[] bytes = Types.STRING.encode("héllo €");

    assertThat(bytes).isEqualTo("héllo €".getBytes(StandardCharsets.UTF_8));
    assertThat(Types.STRING.decode(bytes)).isEqualTo("héllo €");
    assertThat(Types.STRING.contentType()).isEqualTo("text/plain; charset=utf-8");
  }

  @Test
  void longIsDecimalJsonText() {
    assertThat(new String(Types.LONG.encode(-42L), StandardCharsets.US_ASCII)).isEqualTo("-42");
    assertThat(Types.LONG.decode(" 9223372036854775807\n".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(Long.MAX_VALUE);
    assertThat(Types.LONG.contentType()).isEqualTo("application/json");
  }

  @Test
  void longRejectsBadInputNamingIt() {
    assertThatThrownBy(() -> Types.LONG.decode("12a".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a decimal 64-bit integer: '12a'");
    assertThatThrownBy(
            () -> Types.LONG.decode("9223372036854775808".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("9223372036854775808");
    assertThatThrownBy(() -> Types.LONG.decode("x".repeat(100).getBytes(StandardCharsets.UTF_8)))
        .hasMessage("not a decimal 64-bit integer: '" + "x".repeat(40) + "...'");
  }

  @Test
  void bytesAreCopiedBothWays() {
    byte[] original = {1, 2, 3};

    byte[] encoded = Types.BYTES.encode(original);
    original[0] = 9;
    byte[] decoded = Types.BYTES.decode(encoded);
    encoded[1] = 9;

    assertThat(decoded).containsExactly(1, 2, 3);
    assertThat(Types.BYTES.contentType()).isEqualTo("application/octet-stream");
  }

  @Test
  void jsonRoundTripsNestedRecords() {
    Type<Order> type = Types.json(Order.class);
    Order order =
        new Order("o-1", 1250, List.of("a", "b"), Map.of("x", 2), new Item("sku-9", true));

    Order back = type.decode(type.encode(order));

    assertThat(back).isEqualTo(order);
    assertThat(type.contentType()).isEqualTo("application/json");
  }

  @Test
  void jsonGivesOneTypePerClass() {
    assertThat(Types.json(Item.class)).isSameAs(Types.json(Item.class));
    assertThat(Types.json(Item.class)).isNotSameAs(Types.json(Order.class));
  }

  @Test
  void jsonReadsRecordsWrittenByOthers() {
    byte[] json = "{\"sku\":\"s\",\"gift\":false}".getBytes(StandardCharsets.UTF_8);

    assertThat(Types.json(Item.class).decode(json)).isEqualTo(new Item("s", false));
    assertThat(
            new String(Types.json(Item.class).encode(new Item("s", true)), StandardCharsets.UTF_8))
        .isEqualTo("{\"sku\":\"s\",\"gift\":true}");
  }

  @Test
  void jsonRejectsMalformedInputNamingTheClass() {
    Type<Item> type = Types.json(Item.class);

    assertThatThrownBy(() -> type.decode("{".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not JSON of " + Item.class.getName());
  }

  @Test
  void jsonSkipsUnknownPropertiesSoThatOldStateStaysReadable() {
    byte[] json = "{\"sku\":\"s\",\"removed\":{\"a\":[1]}}".getBytes(StandardCharsets.UTF_8);

    assertThat(Types.json(Item.class).decode(json)).isEqualTo(new Item("s", false));
  }
}
