package io.eventide.gateway;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict percent-decoding of one path segment. Unlike {@link java.net.URLDecoder}, {@code +} stays
 * a plus (it is form encoding, not path encoding) and bad escapes or bad UTF-8 are errors, not
 * replacement characters. The server runs with URL decoding off, so {@code %2F} inside an id stays
 * part of the id instead of splitting the path.
 */
final class PathCodec {
  private PathCodec() {}

  /** Decodes {@code segment}; throws a 400 {@link ApiException} for bad escapes or bad UTF-8. */
  static String decode(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    ByteBuffer bytes = ByteBuffer.allocate(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c != '%') {
        bytes.put((byte) c); // the server rejects raw non-ASCII, so c < 128 here
        continue;
      }
      if (i + 2 >= segment.length()) {
        throw ApiException.invalid("bad percent-encoding in path segment '" + segment + "'");
      }
      int high = Character.digit(segment.charAt(i + 1), 16);
      int low = Character.digit(segment.charAt(i + 2), 16);
      if (high < 0 || low < 0) {
        throw ApiException.invalid("bad percent-encoding in path segment '" + segment + "'");
      }
      bytes.put((byte) (high << 4 | low));
      i += 2;
    }
    bytes.flip();
    try {
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(bytes);
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw ApiException.invalid("path segment '" + segment + "' is not valid UTF-8 once decoded");
    }
  }
}
