package io.eventide.gateway;

import io.eventide.dispatcher.api.Queries;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import java.util.Map;
import java.util.TreeSet;

/**
 * Operational endpoints: {@code /v1/functions}, {@code /v1/cluster}, {@code /health}, {@code
 * /ready} and {@code /metrics}.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless; anything that may block runs on a worker thread.
 */
final class ClusterHandler {
  static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Queries queries;
  private final ServedTypes served;
  private final PrometheusMeterRegistry registry;
  private final Map<String, java.util.function.Supplier<Object>> sections =
      new java.util.concurrent.ConcurrentSkipListMap<>();

  ClusterHandler(Queries queries, ServedTypes served, PrometheusMeterRegistry registry) {
    this.queries = queries;
    this.served = served;
    this.registry = registry;
  }

  HttpHandler functions() {
    return exchange ->
        Exchanges.blocking(
            exchange,
            ex -> Json.send(ex, 200, Map.of("functions", new TreeSet<>(served.refresh()))));
  }

  HttpHandler cluster() {
    return exchange ->
        Exchanges.blocking(
            exchange,
            ex -> {
              Map<String, Object> view = new java.util.LinkedHashMap<>(queries.cluster());
              sections.forEach((name, section) -> view.put(name, section.get()));
              Json.send(ex, 200, view);
            });
  }

  /** Adds a section to {@code /v1/cluster}, computed on each request (the connectors' state). */
  void section(String name, java.util.function.Supplier<Object> section) {
    sections.put(name, section);
  }

  HttpHandler health() {
    return exchange -> Json.send(exchange, 200, Map.of("status", "UP"));
  }

  HttpHandler ready() {
    return exchange ->
        Exchanges.blocking(
            exchange,
            ex -> {
              boolean ready = queries.ready();
              Json.send(ex, ready ? 200 : 503, Map.of("status", ready ? "READY" : "NOT_READY"));
            });
  }

  HttpHandler metrics() {
    return exchange ->
        Exchanges.blocking(
            exchange,
            ex -> {
              ex.getResponseHeaders().put(Headers.CONTENT_TYPE, PROMETHEUS_TYPE);
              ex.getResponseSender().send(registry.scrape());
            });
  }
}
