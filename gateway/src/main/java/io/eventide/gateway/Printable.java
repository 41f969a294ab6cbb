package io.eventide.gateway;

/**
 * Header values as the gateway accepts and echoes them. HTTP field values are ASCII (RFC 9110,
 * section 5.5); Undertow hands other bytes over as ISO-8859-1 characters, so invalid UTF-8 in a
 * header would otherwise reach a function or the store as mojibake instead of being refused.
 */
final class Printable {
  /** Echoed values are cut to this many characters: an error need not repeat a 64 KiB header. */
  static final int MAX_ECHO_CHARS = 64;

  private Printable() {}

  /** Whether {@code value} is visible ASCII and spaces only. */
  static boolean ascii(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /** {@code value} for an error message: at most {@link #MAX_ECHO_CHARS}, other bytes as '?'. */
  static String quote(String value) {
    StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_ECHO_CHARS + 3));
    for (int i = 0; i < value.length() && i < MAX_ECHO_CHARS; i++) {
      char c = value.charAt(i);
      out.append(c < 0x20 || c > 0x7e ? '?' : c);
    }
    return value.length() > MAX_ECHO_CHARS ? out.append("...").toString() : out.toString();
  }
}
