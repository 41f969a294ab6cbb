package io.eventide.gateway;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The web console: {@code GET /} serves its page, {@code GET /console/{file}} its style sheet and
 * scripts. They are static files in this jar's resources, read once at start; the page asks nothing
 * from any other origin (the Content-Security-Policy forbids it), and draws its charts as plain
 * SVG. See docs/decisions/web-console.md.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable: the files are loaded once.
 */
final class ConsoleHandler {
  private static final String DIR = "console/";

  /** Every file the console is made of, with its content type; nothing else is served. */
  private static final Map<String, String> FILES =
      Map.ofEntries(
          Map.entry("index.html", "text/html; charset=utf-8"),
          Map.entry("console.css", "text/css; charset=utf-8"),
          Map.entry("api.js", "text/javascript; charset=utf-8"),
          Map.entry("chart.js", "text/javascript; charset=utf-8"),
          Map.entry("live.js", "text/javascript; charset=utf-8"),
          Map.entry("cluster.js", "text/javascript; charset=utf-8"),
          Map.entry("deployments.js", "text/javascript; charset=utf-8"),
          Map.entry("dead-letters.js", "text/javascript; charset=utf-8"),
          Map.entry("state.js", "text/javascript; charset=utf-8"),
          Map.entry("egress.js", "text/javascript; charset=utf-8"),
          Map.entry("main.js", "text/javascript; charset=utf-8"));

  static final String POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private static final HttpString NOSNIFF = new HttpString("X-Content-Type-Options");

  private final Map<String, byte[]> contents = new LinkedHashMap<>();

  ConsoleHandler() {
    FILES.keySet().forEach(name -> contents.put(name, read(DIR + name)));
  }

  /** {@code GET /}: the page. */
  HttpHandler page() {
    return exchange -> send(exchange, "index.html");
  }

  /** {@code GET /console/{file}}: one of the page's files; 404 for any other name. */
  HttpHandler assets() {
    return exchange -> {
      String name = exchange.getAttachment(Routes.PARAMS)[0];
      if (!contents.containsKey(name)) {
        throw ApiException.notFound("the console has no file '" + name + "'");
      }
      send(exchange, name);
    };
  }

  private void send(HttpServerExchange exchange, String name) {
    var headers = exchange.getResponseHeaders();
    headers.put(Headers.CONTENT_TYPE, FILES.get(name));
    // Revalidated on every load, so a redeployed node never runs a stale script beside a new page.
    headers.put(Headers.CACHE_CONTROL, "no-cache");
    headers.put(Headers.CONTENT_SECURITY_POLICY, POLICY);
    headers.put(NOSNIFF, "nosniff");
    exchange.getResponseSender().send(ByteBuffer.wrap(contents.get(name)));
  }

  private static byte[] read(String resource) {
    try (InputStream in = ConsoleHandler.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
