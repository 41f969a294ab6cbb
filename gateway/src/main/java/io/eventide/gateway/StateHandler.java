package io.eventide.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventide.dispatcher.api.Queries;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /v1/state/{ns}/{type}/{id}}: an instance's persisted values, each shown as JSON when
 * its bytes are JSON and as {@code {"base64": ...}} otherwise, and the names of its maps and lists
 * ({@link CollectionHandler} pages through them), and {@code "expiresAt"}: when each value with a
 * TTL expires (epoch ms, processing time), present only when one has. 404 when the type is not
 * served.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless; the store read runs on a worker thread.
 */
final class StateHandler implements HttpHandler {
  private final Queries queries;
  private final ServedTypes served;

  StateHandler(Queries queries, ServedTypes served) {
    this.queries = queries;
    this.served = served;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    String[] p = exchange.getAttachment(Routes.PARAMS);
    Targets.address(p[0], p[1], p[2]);
    Exchanges.blocking(exchange, ex -> answer(ex, p[0], p[1], p[2]));
  }

  private void answer(HttpServerExchange exchange, String ns, String type, String id) {
    if (!served.served(ns + "/" + type)) {
      throw Targets.notServed(ns + "/" + type);
    }
    Map<String, Object> values = new TreeMap<>();
    queries.state(ns, type, id).forEach((name, bytes) -> values.put(name, render(bytes)));
    Queries.Collections collections = queries.collections(ns, type, id);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("values", values);
    answer.put("maps", collections.maps());
    answer.put("lists", collections.lists());
    Map<String, Long> expiries = queries.stateExpiries(ns, type, id);
    if (!expiries.isEmpty()) {
      answer.put("expiresAt", new TreeMap<>(expiries)); // values with a TTL: epoch ms
    }
    Json.send(exchange, 200, answer);
  }

  /** JSON values as themselves; anything else (plain text included) as base64. */
  static Object render(byte[] bytes) {
    JsonNode json = Json.parseOrNull(bytes);
    return json != null ? json : Map.of("base64", Base64.getEncoder().encodeToString(bytes));
  }
}
