package io.eventide.sdk.internal;

/**
 * The one rule for names (namespaces, function types, egresses):
 * {@value #PATTERN}. Checked by hand because it runs for every message, where a regex match
 * showed in profiles.
 */
public final class Names {
  /** The rule, as a regular expression, for error messages. */
  public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9_.-]{0,127}";

  private Names() {}

  /** Whether {@code value} matches {@link #PATTERN}. */
  public static boolean valid(String value) {
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
}
