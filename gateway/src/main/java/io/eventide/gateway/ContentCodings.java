package io.eventide.gateway;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Request bodies are taken as sent: a {@code Content-Encoding} other than {@code identity}, or a
 * transfer coding other than {@code chunked}, is refused with 415 and {@code Accept-Encoding:
 * identity}, as RFC 9110 (section 15.5.16) asks. Inflating instead would need its own bounds on
 * output and ratio (a 64 MiB gzip batch can inflate to 64 GiB), and passing the coded bytes on
 * would hand functions a payload they cannot read. A {@code Transfer-Encoding} that does not end
 * with {@code chunked} leaves the body's length unknown: 400, as RFC 9112 (section 6.3) requires.
 */
final class ContentCodings {
  static final String IDENTITY = "identity";
  static final String CHUNKED = "chunked";

  private ContentCodings() {}

  /** Throws a 400 or 415 {@link ApiException} unless the body is sent as it is. */
  static void requireIdentity(HttpServerExchange exchange) {
    List<String> transfer = codings(exchange.getRequestHeaders().get(Headers.TRANSFER_ENCODING));
    if (!transfer.isEmpty() && !transfer.get(transfer.size() - 1).equals(CHUNKED)) {
      throw ApiException.invalid(
          "Transfer-Encoding must end with chunked, was '"
              + Printable.quote(String.join(", ", transfer))
              + "'");
    }
    List<String> refused = new ArrayList<>();
    transfer.stream().filter(c -> !c.equals(CHUNKED)).forEach(refused::add);
    codings(exchange.getRequestHeaders().get(Headers.CONTENT_ENCODING)).stream()
        .filter(c -> !c.equals(IDENTITY))
        .forEach(refused::add);
    if (!refused.isEmpty()) {
      exchange.getResponseHeaders().put(Headers.ACCEPT_ENCODING, IDENTITY);
      throw new ApiException(
          415,
          "UNSUPPORTED_MEDIA_TYPE",
          "coding '"
              + Printable.quote(String.join(", ", refused))
              + "' is not accepted: send the body uncompressed");
    }
  }

  /** The codings listed in {@code values}, trimmed and lower-cased, empty ones left out. */
  private static List<String> codings(HeaderValues values) {
    List<String> codings = new ArrayList<>();
    if (values != null) {
      for (String value : values) {
        for (String coding : value.split(",", -1)) {
          if (!coding.isBlank()) {
            codings.add(coding.trim().toLowerCase(Locale.ROOT));
          }
        }
      }
    }
    return codings;
  }
}
