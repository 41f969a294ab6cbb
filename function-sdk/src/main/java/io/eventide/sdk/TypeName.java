package io.eventide.sdk;

import java.util.Objects;

/**
 * The name of a function type: a namespace and a name, written {@code namespace/name}.
 *
 * <pre>{@code
 * TypeName counter = TypeName.of("shop", "counter");
 * }</pre>
 *
 * @param namespace groups related function types, e.g. {@code shop}
 * @param name the type's name within its namespace, e.g. {@code counter}
 */
public record TypeName(String namespace, String name) {
  /** Validates both parts: 1..128 characters of letters, digits, {@code _ . -}. */
  public TypeName {
    check("namespace", namespace);
    check("name", name);
  }

  /** Returns the type name {@code namespace/name}. */
  public static TypeName of(String namespace, String name) {
    return new TypeName(namespace, name);
  }

  /** Parses {@code namespace/name}. */
  public static TypeName parse(String text) {
    Objects.requireNonNull(text, "type name");
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("type name '" + text + "' must be written namespace/name");
    }
    return new TypeName(text.substring(0, slash), text.substring(slash + 1));
  }

  private static void check(String what, String value) {
    if (!Names.valid(value)) {
      throw new IllegalArgumentException(what + " '" + value + "' must match " + Names.PATTERN);
    }
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
