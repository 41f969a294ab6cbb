package io.eventide.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Request metrics: {@code eventide.gateway.requests} (a timer tagged with the route template,
 * method and status, recorded when each exchange completes) and {@code
 * eventide.gateway.ingress.events} (events accepted in NDJSON batches).
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe: Micrometer meters are.
 */
final class GatewayMetrics {
  /** Methods kept as tags; others become OTHER so clients cannot grow the tag set. */
  private static final Set<String> METHODS =
      Set.of("GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS");

  private final MeterRegistry registry;
  private final Counter ingested;
  // Building tags and looking the meter up in the registry on every request showed in profiles of
  // the call path; routes x methods x statuses is a small, bounded set, so the timers are kept.
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  GatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.ingested =
        Counter.builder("eventide.gateway.ingress.events")
            .description("events accepted through NDJSON ingress batches")
            .register(registry);
  }

  /** Wraps {@code next} so every exchange is timed from arrival to completion. */
  HttpHandler instrument(HttpHandler next) {
    return exchange -> {
      long start = System.nanoTime();
      exchange.addExchangeCompleteListener(
          (ex, nextListener) -> {
            try {
              record(ex, System.nanoTime() - start);
            } finally {
              nextListener.proceed();
            }
          });
      next.handleRequest(exchange);
    };
  }

  void ingested(int count) {
    ingested.increment(count);
  }

  private void record(HttpServerExchange exchange, long nanos) {
    String route = exchange.getAttachment(Routes.ROUTE);
    String routeTag = route == null ? "unmatched" : route;
    String method = method(exchange);
    int status = exchange.getStatusCode();
    timers
        .computeIfAbsent(
            routeTag + ' ' + method + ' ' + status, k -> timer(routeTag, method, status))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  private Timer timer(String route, String method, int status) {
    return Timer.builder("eventide.gateway.requests")
        .description("HTTP requests by route, method and status")
        .tag("route", route)
        .tag("method", method)
        .tag("status", Integer.toString(status))
        // Buckets for histogram_quantile (the dashboard's p99), between the fastest answer and
        // the longest call timeout.
        .publishPercentileHistogram()
        .minimumExpectedValue(java.time.Duration.ofMillis(1))
        .maximumExpectedValue(java.time.Duration.ofSeconds(30))
        .register(registry);
  }

  private static String method(HttpServerExchange exchange) {
    String method = exchange.getRequestMethod().toString();
    return METHODS.contains(method) ? method : "OTHER";
  }
}
