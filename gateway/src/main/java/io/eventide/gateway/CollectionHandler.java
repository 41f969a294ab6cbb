package io.eventide.gateway;

import io.eventide.dispatcher.api.Queries;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An instance's map and list state, a page at a time:
 *
 * <ul>
 *   <li>{@code GET /v1/state/{ns}/{type}/{id}/maps/{name}?after=&limit=}: {@code
 *       {"entries":[{"key","value"}],"next"}}, in key order, {@code limit} 1..{@value #MAX_LIMIT}
 *       ({@value #DEFAULT_LIMIT} by default);
 *   <li>{@code GET /v1/state/{ns}/{type}/{id}/lists/{name}?from=}: {@code {"elements":[],"next"}},
 *       whole segments (what one commit appended) a page.
 * </ul>
 *
 * With a TTL, a map entry has {@code "expiresAt"} (epoch ms, processing time), and a list page an
 * {@code "expiresAt"} array, one per element; expired ones are never shown.
 *
 * <p>Keys, values and elements are shown as {@link StateHandler#render} shows values. {@code next}
 * is an opaque cursor (URL-safe base64) for {@code after} or {@code from}; null on the last page.
 * 404 when the type is not served; 400 for a bad cursor or name.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless; the store reads run on a worker thread.
 */
final class CollectionHandler {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,127}");

  private final Queries queries;
  private final ServedTypes served;

  CollectionHandler(Queries queries, ServedTypes served) {
    this.queries = queries;
    this.served = served;
  }

  HttpHandler map() {
    return exchange -> {
      String[] p = params(exchange);
      byte[] after = cursor(exchange, "after");
      int limit = (int) Query.longParam(exchange, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
      Exchanges.blocking(
          exchange,
          ex -> {
            requireServed(p);
            Queries.MapEntries page = queries.mapEntries(p[0], p[1], p[2], p[3], after, limit);
            List<Map<String, Object>> entries = new ArrayList<>(page.entries().size());
            for (int i = 0; i < page.entries().size(); i++) {
              Map.Entry<byte[], byte[]> entry = page.entries().get(i);
              Map<String, Object> one = new LinkedHashMap<>();
              one.put("key", StateHandler.render(entry.getKey()));
              one.put("value", StateHandler.render(entry.getValue()));
              if (page.expiresAt() != null) {
                one.put("expiresAt", page.expiresAt().get(i));
              }
              entries.add(one);
            }
            Json.send(ex, 200, answer("entries", entries, page.next()));
          });
    };
  }

  HttpHandler list() {
    return exchange -> {
      String[] p = params(exchange);
      byte[] from = cursor(exchange, "from");
      Exchanges.blocking(
          exchange,
          ex -> {
            requireServed(p);
            Queries.ListElements page = queries.listElements(p[0], p[1], p[2], p[3], from);
            List<Object> elements = new ArrayList<>(page.elements().size());
            page.elements().forEach(element -> elements.add(StateHandler.render(element)));
            Map<String, Object> answer = answer("elements", elements, page.next());
            if (page.expiresAt() != null) {
              answer.put("expiresAt", page.expiresAt()); // one per element
            }
            Json.send(ex, 200, answer);
          });
    };
  }

  private static String[] params(HttpServerExchange exchange) {
    String[] p = exchange.getAttachment(Routes.PARAMS);
    Targets.address(p[0], p[1], p[2]);
    if (!NAME.matcher(p[3]).matches()) {
      throw ApiException.invalid("a map or list name must match " + NAME.pattern());
    }
    return p;
  }

  private void requireServed(String[] p) {
    if (!served.served(p[0] + "/" + p[1])) {
      throw Targets.notServed(p[0] + "/" + p[1]);
    }
  }

  private static byte[] cursor(HttpServerExchange exchange, String name) {
    String value = Query.first(exchange, name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Base64.getUrlDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("?" + name + " must be a 'next' of an earlier page");
    }
  }

  private static Map<String, Object> answer(String field, Object items, byte[] next) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put(field, items);
    answer.put(
        "next", next == null ? null : Base64.getUrlEncoder().withoutPadding().encodeToString(next));
    return answer;
  }
}
