package io.eventide.sdk;

import java.util.Objects;
import java.util.regex.Pattern;

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
  private static final Pattern PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

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
    if (!valid(value)) {
      throw new IllegalArgumentException(what + " '" + value + "' must match " + PART.pattern());
    }
  }

  /** {@link #PART} by hand: this runs for every message, where a regex match showed in profiles. */
  private static boolean valid(String value) {
    if (value == null || value.isEmpty() || value.length() > 128 || !alphanumeric(value.charAt(0))) {
      return false;
    }
    for (int i = 1; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!alphanumeric(c) && c != '_' && c != '.' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean alphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
