package io.eventide.gateway;

import io.eventide.dispatcher.api.Queries;
import io.eventide.dispatcher.api.SourceStatus;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /v1/ingress/{source}}: the source's watermark, events accepted and pending, and
 * whether it is finished (its input ended and all of it is processed, every window fired). A source
 * never seen is a 404, so a mistyped name is not mistaken for one that is simply empty.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless; the look at the dispatchers runs on a worker thread.
 */
final class SourceHandler implements HttpHandler {
  private final Queries queries;

  SourceHandler(Queries queries) {
    this.queries = queries;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    String source = IngressHandler.source(exchange);
    Exchanges.blocking(
        exchange,
        ex -> {
          SourceStatus status =
              queries
                  .source(source)
                  .orElseThrow(
                      () ->
                          ApiException.notFound(
                              "source '" + source + "' has never sent anything here"));
          Json.send(ex, 200, render(status));
        });
  }

  static Map<String, Object> render(SourceStatus status) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("source", status.source());
    body.put("watermark", status.watermark());
    body.put("accepted", status.accepted());
    body.put("pending", status.pending());
    body.put("finished", status.finished());
    return body;
  }
}
