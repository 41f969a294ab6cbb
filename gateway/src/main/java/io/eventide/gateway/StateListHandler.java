package io.eventide.gateway;

import io.eventide.dispatcher.api.Queries;
import io.eventide.dispatcher.api.StatePage;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /v1/state/{ns}/{type}?after=&limit=&values=}: the ids of a function type's instances
 * that have state, in id order, {@code {"ids":[...],"next":"<id>"}}; {@code next} is the {@code
 * after} of the next page, null on the last. {@code limit} is 1..{@value #MAX_LIMIT}, {@value
 * #DEFAULT_LIMIT} by default. {@code values=true} adds {@code "instances":[{"id","values"}]}, each
 * as {@code GET /v1/state/{ns}/{type}/{id}} shows it, which is how {@code eventide state export}
 * pages through a type. 404 when the type is not served.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless; the store read runs on a worker thread.
 */
final class StateListHandler implements HttpHandler {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final Queries queries;
  private final ServedTypes served;

  StateListHandler(Queries queries, ServedTypes served) {
    this.queries = queries;
    this.served = served;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    String[] p = exchange.getAttachment(Routes.PARAMS);
    String after = Query.first(exchange, "after");
    if (after != null && after.isEmpty()) {
      after = null; // an empty cursor is the first page
    }
    // The cursor is an id: the same rule, and the names checked with it.
    Targets.address(p[0], p[1], after == null ? "_" : after);
    int limit = (int) Query.longParam(exchange, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    boolean values = flag(Query.first(exchange, "values"));
    String from = after;
    Exchanges.blocking(exchange, ex -> answer(ex, p[0], p[1], from, limit, values));
  }

  private void answer(
      HttpServerExchange exchange,
      String ns,
      String type,
      String after,
      int limit,
      boolean values) {
    if (!served.served(ns + "/" + type)) {
      throw Targets.notServed(ns + "/" + type);
    }
    StatePage page = queries.stateIds(ns, type, after, limit, values);
    List<String> ids = new ArrayList<>(page.instances().size());
    List<Map<String, Object>> instances = new ArrayList<>();
    for (StatePage.Instance instance : page.instances()) {
      ids.add(instance.id());
      if (values) {
        Map<String, Object> rendered = new TreeMap<>();
        instance.values().forEach((name, bytes) -> rendered.put(name, StateHandler.render(bytes)));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", instance.id());
        json.put("values", rendered);
        instances.add(json);
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ids", ids);
    if (values) {
      body.put("instances", instances);
    }
    body.put("next", page.next());
    Json.send(exchange, 200, body);
  }

  private static boolean flag(String value) {
    if (value == null || value.equals("false")) {
      return false;
    }
    if (value.equals("true")) {
      return true;
    }
    throw ApiException.invalid(
        "query parameter 'values' must be true or false, was '" + Printable.quote(value) + "'");
  }
}
