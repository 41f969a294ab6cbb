package io.eventide.gateway;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;

/**
 * Request bodies are taken as sent: a {@code Content-Encoding} other than {@code identity} is
 * refused with 415 and {@code Accept-Encoding: identity}, as RFC 9110 (section 15.5.16) asks.
 * Inflating instead would need its own bounds on output and ratio (a 64 MiB gzip batch can inflate
 * to 64 GiB), and passing the coded bytes on would hand functions a payload they cannot read.
 */
final class ContentCodings {
  static final String IDENTITY = "identity";

  private ContentCodings() {}

  /** Throws a 415 {@link ApiException} unless every content coding of the request is identity. */
  static void requireIdentity(HttpServerExchange exchange) {
    HeaderValues values = exchange.getRequestHeaders().get(Headers.CONTENT_ENCODING);
    if (values == null) {
      return;
    }
    for (String value : values) {
      for (String coding : value.split(",", -1)) {
        if (!coding.isBlank() && !coding.trim().equalsIgnoreCase(IDENTITY)) {
          exchange.getResponseHeaders().put(Headers.ACCEPT_ENCODING, IDENTITY);
          throw new ApiException(
              415,
              "UNSUPPORTED_MEDIA_TYPE",
              "Content-Encoding '"
                  + Printable.quote(coding.trim())
                  + "' is not accepted: send the body uncompressed");
        }
      }
    }
  }
}
