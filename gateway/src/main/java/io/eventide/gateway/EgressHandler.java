package io.eventide.gateway;

import io.eventide.dispatcher.api.EgressPage;
import io.eventide.dispatcher.api.EgressRecord;
import io.eventide.dispatcher.api.Queries;
import io.eventide.sdk.Names;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/egress/{name}?from=&limit=}: a page of a log egress (limit 100 by default, at most
 * 10,000), payloads as UTF-8 text. When retention trimmed records at or after {@code from}, the
 * page adds {@code "trimmed": true} and {@code "firstOffset"}, the first offset still kept.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless; the store read runs on a worker thread.
 */
final class EgressHandler implements HttpHandler {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 10_000;

  private final Queries queries;

  EgressHandler(Queries queries) {
    this.queries = queries;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    String name = exchange.getAttachment(Routes.PARAMS)[0];
    if (!Names.valid(name)) {
      throw ApiException.invalid(
          "egress name '" + Printable.quote(name) + "' must match " + Names.PATTERN);
    }
    long from = Query.longParam(exchange, "from", 0, 0, Long.MAX_VALUE);
    int limit = (int) Query.longParam(exchange, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    Exchanges.blocking(
        exchange, ex -> Json.send(ex, 200, render(queries.egress(name, from, limit))));
  }

  static Map<String, Object> render(EgressPage page) {
    List<Map<String, Object>> records = new ArrayList<>(page.records().size());
    for (EgressRecord record : page.records()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("offset", record.offset());
      json.put("contentType", record.contentType());
      json.put("payload", new String(record.payload(), StandardCharsets.UTF_8));
      json.put("eventTime", record.eventTime());
      records.add(json);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("records", records);
    body.put("next", page.next());
    if (page.trimmed()) {
      // Retention removed records from the offset asked for: say so rather than skip them silently.
      body.put("trimmed", true);
      body.put("firstOffset", page.firstOffset());
    }
    return body;
  }
}
