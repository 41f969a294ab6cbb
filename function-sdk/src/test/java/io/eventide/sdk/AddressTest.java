package io.eventide.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AddressTest {
  @Test
  void ofBuildsTypeAndId() {
    Address address = Address.of("shop", "cart", "alice");

    assertThat(address.type()).isEqualTo(TypeName.of("shop", "cart"));
    assertThat(address.id()).isEqualTo("alice");
    assertThat(address).hasToString("shop/cart/alice");
  }

  @Test
  void parseKeepsSlashesInTheId() {
    Address address = Address.parse("shop/cart/a/b/c");

    assertThat(address.id()).isEqualTo("a/b/c");
    assertThat(Address.parse(address.toString())).isEqualTo(address);
  }

  @Test
  void parseRejectsMissingParts() {
    assertThatThrownBy(() -> Address.parse("shop/cart"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("namespace/type/id");
    assertThatThrownBy(() -> Address.parse("shop")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Address.parse("shop/cart/")).hasMessageContaining("was 0");
  }

  @Test
  void acceptsIdsOfExactly256BytesCountingMultiByteCharacters() {
    String ascii = "a".repeat(256);
    String euro = "€".repeat(85) + "a"; // 85 * 3 + 1 = 256 bytes, 86 chars
    String emoji = "😀".repeat(64); // 4 bytes each, surrogate pairs in Java

    assertThat(Address.of("n", "t", ascii).id()).hasSize(256);
    assertThat(Address.of("n", "t", euro).id().getBytes(StandardCharsets.UTF_8)).hasSize(256);
    assertThat(Address.of("n", "t", emoji).id().getBytes(StandardCharsets.UTF_8)).hasSize(256);
  }

  @Test
  void rejectsIdsOverTheByteLimitEvenWhenFewCharacters() {
    String euro = "€".repeat(86); // 86 chars but 258 bytes

    assertThatThrownBy(() -> Address.of("n", "t", euro))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1..256 bytes of UTF-8, was 258");
    assertThatThrownBy(() -> Address.of("n", "t", "a".repeat(257))).hasMessageContaining("was 257");
    assertThatThrownBy(() -> Address.of("n", "t", "")).hasMessageContaining("was 0");
  }

  @Test
  void rejectsNulls() {
    assertThatThrownBy(() -> new Address(null, "x")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Address.of("n", "t", null)).isInstanceOf(NullPointerException.class);
  }
}
