package io.eventide.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TypeNameTest {
  @Test
  void ofKeepsPartsAndPrintsWithSlash() {
    TypeName name = TypeName.of("shop", "cart-v2.1_x");

    assertThat(name.namespace()).isEqualTo("shop");
    assertThat(name.name()).isEqualTo("cart-v2.1_x");
    assertThat(name).hasToString("shop/cart-v2.1_x");
  }

  @Test
  void parseRoundTripsToString() {
    assertThat(TypeName.parse("shop/cart")).isEqualTo(TypeName.of("shop", "cart"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-shop", "sh op", "shop/x", "é", "_a"})
  void rejectsBadNamespaceNamingValueAndRule(String namespace) {
    assertThatThrownBy(() -> TypeName.of(namespace, "cart"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("namespace '" + namespace + "'")
        .hasMessageContaining("must match");
  }

  @Test
  void rejectsNullAndOverlongParts() {
    assertThatThrownBy(() -> TypeName.of("shop", null)).hasMessageContaining("name 'null'");
    assertThat(TypeName.of("a".repeat(128), "b").namespace()).hasSize(128);
    assertThatThrownBy(() -> TypeName.of("a".repeat(129), "b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parseRejectsTextWithoutSlashOrWithTwo() {
    assertThatThrownBy(() -> TypeName.parse("shopcart")).hasMessageContaining("namespace/name");
    assertThatThrownBy(() -> TypeName.parse("shop/cart/x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
