package io.eventide.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.undertow.server.HttpHandler;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * {@code GET /v1/metrics/summary}: the few figures the console charts, read from this process's own
 * meter registry, summed over their tags. Counters and timers are cumulative since the process
 * started: a client that samples every second gets rates and latencies per second from the
 * differences, as Prometheus's {@code rate()} and {@code histogram_quantile()} do, so the node
 * keeps no window of its own. A figure whose meter this process does not have (a gateway of a
 * cluster has no dispatcher's or worker's meters) is absent rather than zero.
 *
 * <p>Timers give {@code count}, {@code totalMillis}, {@code maxMillis} (Micrometer's decaying max)
 * and {@code buckets}: {@code [upperBoundMillis, cumulativeCount]} pairs of their percentile
 * histogram, merged over tags by bound, zero buckets left out (a missing bound counts 0 below the
 * first present one).
 *
 * <h2>Thread safety</h2>
 *
 * Stateless; reading the registry runs on a worker thread.
 */
final class MetricsSummaryHandler implements HttpHandler {
  /** Routes of single messages: each request is one message in. */
  static final Set<String> MESSAGE_ROUTES =
      Set.of("/v1/send/{ns}/{type}/{id}", "/v1/call/{ns}/{type}/{id}");

  /** Routes whose requests are the data plane's traffic (the console's own polling is not). */
  static final Set<String> INGRESS_ROUTES =
      Set.of(
          "/v1/send/{ns}/{type}/{id}", "/v1/call/{ns}/{type}/{id}", "/v1/ingress/{source}/events");

  private final MeterRegistry registry;
  private final LongSupplier clock;

  MetricsSummaryHandler(MeterRegistry registry, LongSupplier clock) {
    this.registry = registry;
    this.clock = clock;
  }

  @Override
  public void handleRequest(io.undertow.server.HttpServerExchange exchange) {
    Exchanges.blocking(exchange, ex -> Json.send(ex, 200, summary()));
  }

  Map<String, Object> summary() {
    Map<String, Object> counters = new LinkedHashMap<>();
    counter(counters, "processed", "eventide.messages.processed");
    counter(counters, "ingressEvents", "eventide.gateway.ingress.events");
    counter(counters, "deadLettered", "eventide.messages.dead.lettered");
    counter(counters, "invocations", "eventide.worker.invocations");
    Collection<Timer> requests =
        registry.find("eventide.gateway.requests").timers().stream()
            .filter(t -> INGRESS_ROUTES.contains(t.getId().getTag("route")))
            .toList();
    counters.put(
        "sendRequests",
        requests.stream()
            .filter(t -> MESSAGE_ROUTES.contains(t.getId().getTag("route")))
            .mapToLong(Timer::count)
            .sum());
    Map<String, Object> gauges = new LinkedHashMap<>();
    Collection<Gauge> backlog = registry.find("eventide.backlog").gauges();
    if (!backlog.isEmpty()) {
      gauges.put("backlog", (long) backlog.stream().mapToDouble(Gauge::value).sum());
    }
    Map<String, Object> timers = new LinkedHashMap<>();
    timer(timers, "invocation", registry.find("eventide.worker.invocation.duration").timers());
    timer(timers, "commit", registry.find("eventide.batch.commit").timers());
    timer(timers, "ingressRequest", requests);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("time", clock.getAsLong());
    body.put("counters", counters);
    body.put("gauges", gauges);
    body.put("timers", timers);
    return body;
  }

  private void counter(Map<String, Object> into, String name, String meter) {
    Collection<Counter> found = registry.find(meter).counters();
    if (!found.isEmpty()) {
      into.put(name, (long) found.stream().mapToDouble(Counter::count).sum());
    }
  }

  private static void timer(Map<String, Object> into, String name, Collection<Timer> found) {
    if (found.isEmpty()) {
      return;
    }
    long count = 0;
    double total = 0;
    double max = 0;
    TreeMap<Double, Double> buckets = new TreeMap<>();
    for (Timer timer : found) {
      var snapshot = timer.takeSnapshot();
      count += snapshot.count();
      total += snapshot.total(TimeUnit.MILLISECONDS);
      max = Math.max(max, snapshot.max(TimeUnit.MILLISECONDS));
      for (CountAtBucket bucket : snapshot.histogramCounts()) {
        if (bucket.count() > 0) {
          buckets.merge(bucket.bucket(TimeUnit.MILLISECONDS), bucket.count(), Double::sum);
        }
      }
    }
    List<List<Number>> pairs = new ArrayList<>();
    buckets.forEach((bound, cumulative) -> pairs.add(List.of(bound, cumulative.longValue())));
    Map<String, Object> timer = new LinkedHashMap<>();
    timer.put("count", count);
    timer.put("totalMillis", total);
    timer.put("maxMillis", max);
    timer.put("buckets", pairs);
    into.put(name, timer);
  }
}
