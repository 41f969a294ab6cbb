package io.eventide.gateway;

import com.fasterxml.jackson.core.type.TypeReference;
import io.eventide.gateway.audit.AuditTrail;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/audit?from=&limit=}: a page of the audit log, oldest first, each entry with its
 * {@code id} before its fields: {@code {"entries":[{"id","time","action",...}],"next":"..."}}.
 * {@code from} is a time in epoch ms (entries at or after it; default: the oldest kept) or a page's
 * {@code next} (entries after it); {@code limit} is 100 by default and at most {@value
 * AuditTrail#MAX_PAGE} (400 past).
 *
 * <h2>Thread safety</h2>
 *
 * Stateless; the store read runs on a worker thread.
 */
final class AuditHandler implements HttpHandler {
  static final int DEFAULT_LIMIT = 100;

  private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {};

  private final AuditTrail trail;

  AuditHandler(AuditTrail trail) {
    this.trail = trail;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    String from = Query.first(exchange, "from");
    int limit = (int) Query.longParam(exchange, "limit", DEFAULT_LIMIT, 1, AuditTrail.MAX_PAGE);
    Exchanges.blocking(
        exchange,
        ex -> {
          AuditTrail.Page page;
          try {
            page = trail.page(from, limit);
          } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage());
          }
          List<Object> entries = new ArrayList<>(page.entries().size());
          for (AuditTrail.Stored stored : page.entries()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", stored.id());
            json.putAll(Json.MAPPER.convertValue(stored.entry(), FIELDS));
            entries.add(json);
          }
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("entries", entries);
          body.put("next", page.next());
          Json.send(ex, 200, body);
        });
  }
}
