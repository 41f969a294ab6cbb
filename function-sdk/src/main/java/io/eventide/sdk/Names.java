package io.eventide.sdk;

/**
 * The one rule for names: namespaces, function types, egresses and sources all match {@value
 * #PATTERN}. The SDK checks it when a function is registered, the gateway when a request names one,
 * so a name a module can register is a name a client can send to.
 *
 * <pre>{@code
 * boolean ok = Names.valid("orders.v2");    // true
 * boolean bad = Names.valid("orders/v2");   // false: '/' separates the parts of an address
 * }</pre>
 *
 * <p>Checked by hand, not with a regular expression: it runs for every message, where a regex match
 * showed in profiles.
 */
public final class Names {
  /** The rule, as a regular expression, for error messages. */
  public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9_.-]{0,127}";

  private Names() {}

  /** Whether {@code value} matches {@link #PATTERN}. */
  public static boolean valid(String value) {
    if (value == null
        || value.isEmpty()
        || value.length() > 128
        || !alphanumeric(value.charAt(0))) {
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
}
