package io.eventide.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventide.dispatcher.api.DispatcherException;
import io.eventide.dispatcher.api.Ingress;
import io.eventide.dispatcher.api.IngressMessage;
import io.eventide.sdk.Names;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * {@code POST /v1/ingress/{source}/events} (NDJSON batches) and {@code .../watermark}. A batch is
 * all-or-nothing at the gateway: every line is parsed and every target checked before anything is
 * enqueued. The body is read without blocking; parsing a batch of up to the batch limit is CPU
 * work, so it runs on a worker thread. Past the gateway, the dispatcher may refuse single events
 * (an idempotency key reused for a different event) while it accepts the others: the answer then
 * names their lines.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless per request; blocking work goes to the server's worker pool.
 */
final class IngressHandler {

  private final Ingress ingress;
  private final ServedTypes served;
  private final GatewayConfig.Limits limits;
  private final GatewayMetrics metrics;

  IngressHandler(
      Ingress ingress, ServedTypes served, GatewayConfig.Limits limits, GatewayMetrics metrics) {
    this.ingress = ingress;
    this.served = served;
    this.limits = limits;
    this.metrics = metrics;
  }

  /** The handler of {@code POST /v1/ingress/{source}/events}. */
  HttpHandler events() {
    return exchange -> {
      String source = source(exchange);
      // Read without blocking, then parsed on a worker thread: parsing is CPU work.
      Exchanges.receive(
          exchange,
          limits.maxBatchBytes(),
          (ex, body) -> Exchanges.blocking(ex, worker -> ingest(worker, source, body)));
    };
  }

  /** The handler of {@code POST /v1/ingress/{source}/watermark}. */
  HttpHandler watermark() {
    return exchange -> {
      String source = source(exchange);
      Exchanges.receive(
          exchange,
          limits.maxBodyBytes(),
          (ex, body) -> {
            long watermark = watermarkOf(body);
            Exchanges.whenDone(
                ex,
                ingress.watermarkAsync(source, watermark),
                (done, ignored) ->
                    Json.send(done, 202, Map.of("source", source, "watermark", watermark)));
          });
    };
  }

  private void ingest(HttpServerExchange exchange, String source, byte[] body) {
    NdjsonParser.Batch batch =
        new NdjsonParser(Json.FACTORY, limits.maxBatchEvents(), limits.maxBodyBytes()).parse(body);
    List<IngressMessage> events = batch.events();
    requireInScope(exchange.getAttachment(Auth.CLIENT), batch);
    requireAllServed(batch);
    if (events.isEmpty()) {
      Json.send(exchange, 202, Map.of("accepted", 0));
      return;
    }
    Exchanges.whenDone(
        exchange,
        ingress
            .ingestAsync(source, ServerSpans.traced(exchange, events))
            .exceptionallyCompose(
                failure -> CompletableFuture.failedFuture(byLine(failure, batch))),
        (done, accepted) -> {
          metrics.ingested(accepted);
          Json.send(done, 202, Map.of("accepted", accepted));
        });
  }

  /**
   * A dispatcher failure of some events as an answer naming their lines ({@code "lines"}, the first
   * {@value DispatcherException#MAX_NAMED_EVENTS}), how many it refused ({@code "refused"}) and how
   * many of the batch it accepted ({@code "accepted"}); other failures as they are.
   */
  private Throwable byLine(Throwable failure, NdjsonParser.Batch batch) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (!(cause instanceof DispatcherException e) || e.eventCount() == 0) {
      return failure;
    }
    List<Integer> lines =
        e.events().stream()
            .filter(i -> i >= 0 && i < batch.lines().length)
            .map(i -> batch.lines()[i])
            .toList();
    int accepted = Math.max(0, batch.events().size() - e.eventCount());
    metrics.ingested(accepted);
    String more =
        e.eventCount() > lines.size() ? " and " + (e.eventCount() - lines.size()) + " more" : "";
    String named = lines.stream().map(String::valueOf).collect(Collectors.joining(", "));
    return new ApiException(
        Errors.dispatcherStatus(e.code()),
        e.code().name(),
        (lines.size() == 1 && more.isEmpty() ? "line " : "lines ")
            + named
            + more
            + ": "
            + e.getMessage(),
        Map.of("lines", lines, "refused", e.eventCount(), "accepted", accepted));
  }

  /** 403 naming the first line outside the token's scope: nothing of the batch is enqueued. */
  private static void requireInScope(Client client, NdjsonParser.Batch batch) {
    if (client == null || client.scope().all()) {
      return;
    }
    List<IngressMessage> events = batch.events();
    IngressMessage previous = null;
    for (int i = 0; i < events.size(); i++) {
      IngressMessage event = events.get(i);
      if (!event.sharesTypeWith(previous)) {
        Auth.requireScope(
            client, event.namespace(), event.type(), "line " + batch.lines()[i] + ": ");
        previous = event;
      }
    }
  }

  /** 404 naming the first line whose type is not served; one fresh look-up at most. */
  private void requireAllServed(NdjsonParser.Batch batch) {
    Set<String> types = new HashSet<>();
    IngressMessage previous = null;
    for (IngressMessage event : batch.events()) {
      if (!event.sharesTypeWith(previous)) {
        types.add(event.namespace() + "/" + event.type());
        previous = event;
      }
    }
    if (served.knowsAll(types)) {
      return;
    }
    Set<String> now = served.refresh();
    List<IngressMessage> events = batch.events();
    for (int i = 0; i < events.size(); i++) {
      String type = events.get(i).namespace() + "/" + events.get(i).type();
      if (!now.contains(type)) {
        throw new ApiException(
            404,
            "NOT_FOUND",
            "line " + batch.lines()[i] + ": " + Targets.notServed(type).getMessage());
      }
    }
  }

  /** The {@code {source}} path parameter, checked as a name (400 otherwise). */
  static String source(HttpServerExchange exchange) {
    String source = exchange.getAttachment(Routes.PARAMS)[0];
    if (!Names.valid(source)) {
      throw ApiException.invalid("source '" + source + "' must match " + Names.PATTERN);
    }
    return source;
  }

  private static long watermarkOf(byte[] body) {
    JsonNode node = Json.parseOrNull(body);
    JsonNode value = node == null ? null : node.get("watermark");
    if (value == null || !value.canConvertToExactIntegral() || !value.canConvertToLong()) {
      throw ApiException.invalid("body must be {\"watermark\": <epoch ms as an integer>}");
    }
    return value.asLong();
  }
}
