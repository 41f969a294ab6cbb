package io.eventide.gateway;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * {@code GET /}: the web console, one self-contained HTML page (inline CSS and JS, no external
 * resources) that calls the JSON API from the browser.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable: the page is loaded once.
 */
final class ConsoleHandler implements HttpHandler {
  private static final String RESOURCE = "console.html";

  private final byte[] page;

  ConsoleHandler() {
    try (InputStream in = ConsoleHandler.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      this.page = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
    exchange
        .getResponseHeaders()
        .put(
            Headers.CONTENT_SECURITY_POLICY,
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src"
                + " 'self'");
    exchange.getResponseSender().send(ByteBuffer.wrap(page));
  }
}
