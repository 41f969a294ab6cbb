package io.eventide.gateway;

import io.eventide.dispatcher.kafka.ConnectorException;
import io.eventide.dispatcher.kafka.KafkaCluster;
import io.eventide.dispatcher.kafka.KafkaRegistry;
import io.eventide.dispatcher.kafka.Subscription;
import io.eventide.dispatcher.kafka.SubscriptionView;
import io.undertow.server.HttpHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code /v1/kafka-clusters} and {@code /v1/subscriptions} (API.md "Connectors"): configuration
 * kept in the store, so every gateway serves the same and the dispatchers consume what it says.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless; every registry call runs on a worker thread (it may wait for Kafka, up to its probe
 * deadline).
 */
final class KafkaHandler {
  private static final int MAX_BODY = 64 * 1024;

  private final KafkaRegistry registry;
  private final ServedTypes served;
  private final java.util.function.Predicate<String> clusterUsedByEgress;

  KafkaHandler(
      KafkaRegistry registry,
      ServedTypes served,
      java.util.function.Predicate<String> clusterUsedByEgress) {
    this.registry = registry;
    this.served = served;
    this.clusterUsedByEgress = clusterUsedByEgress;
  }

  HttpHandler putCluster() {
    return exchange -> {
      String name = exchange.getAttachment(Routes.PARAMS)[0];
      Exchanges.receive(
          exchange,
          MAX_BODY,
          (ex, body) ->
              Exchanges.blocking(
                  ex,
                  worker -> {
                    KafkaCluster cluster = guard(() -> SubscriptionRequest.cluster(name, body));
                    boolean created = guard(() -> registry.putCluster(cluster, true));
                    Json.send(worker, created ? 201 : 200, render(cluster));
                  }));
    };
  }

  HttpHandler clusters() {
    return exchange ->
        Exchanges.blocking(
            exchange,
            ex ->
                Json.send(
                    ex,
                    200,
                    Map.of(
                        "clusters",
                        registry.clusters().stream().map(KafkaHandler::render).toList())));
  }

  HttpHandler cluster() {
    return exchange -> {
      String name = exchange.getAttachment(Routes.PARAMS)[0];
      Exchanges.blocking(
          exchange,
          ex ->
              Json.send(
                  ex,
                  200,
                  render(
                      registry
                          .cluster(name)
                          .orElseThrow(
                              () ->
                                  ApiException.notFound(
                                      "Kafka cluster '" + name + "' is not configured")))));
    };
  }

  HttpHandler deleteCluster() {
    return exchange -> {
      String name = exchange.getAttachment(Routes.PARAMS)[0];
      Exchanges.blocking(
          exchange,
          ex -> {
            guard(
                () -> {
                  registry.deleteCluster(name, clusterUsedByEgress);
                  return null;
                });
            Json.send(ex, 200, Map.of("name", name, "deleted", true));
          });
    };
  }

  HttpHandler subscribe() {
    return exchange ->
        Exchanges.receive(
            exchange,
            MAX_BODY,
            (ex, body) ->
                Exchanges.blocking(
                    ex,
                    worker -> {
                      Subscription request =
                          guard(() -> SubscriptionRequest.subscription(body, generatedId()));
                      Audit.target(worker, request.id());
                      if (!served.served(request.target())) {
                        throw ApiException.notFound(
                            "function type '" + request.target() + "' is not deployed");
                      }
                      Subscription created = guard(() -> registry.create(request));
                      worker
                          .getResponseHeaders()
                          .put(
                              io.undertow.util.Headers.LOCATION,
                              "/v1/subscriptions/" + created.id());
                      Json.send(worker, 201, render(registry.view(created)));
                    }));
  }

  HttpHandler subscriptions() {
    return exchange ->
        Exchanges.blocking(
            exchange,
            ex -> {
              List<Object> all = new ArrayList<>();
              for (Subscription s : registry.subscriptions()) {
                all.add(render(s));
              }
              Json.send(ex, 200, Map.of("subscriptions", all));
            });
  }

  HttpHandler subscription() {
    return exchange -> {
      String id = exchange.getAttachment(Routes.PARAMS)[0];
      Exchanges.blocking(
          exchange,
          ex ->
              Json.send(
                  ex,
                  200,
                  render(
                      registry.view(
                          registry
                              .subscription(id)
                              .orElseThrow(
                                  () ->
                                      ApiException.notFound(
                                          "subscription '" + id + "' does not exist"))))));
    };
  }

  HttpHandler unsubscribe() {
    return exchange -> {
      String id = exchange.getAttachment(Routes.PARAMS)[0];
      Exchanges.blocking(
          exchange,
          ex -> {
            guard(
                () -> {
                  registry.delete(id);
                  return null;
                });
            Json.send(ex, 200, Map.of("subscriptionId", id, "deleted", true));
          });
    };
  }

  /** The subscriptions' positions, for {@code /v1/cluster}. */
  List<Object> summary() {
    List<Object> all = new ArrayList<>();
    for (Subscription s : registry.subscriptions()) {
      all.add(render(registry.view(s)));
    }
    return all;
  }

  private static String generatedId() {
    return "sub-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
  }

  private static <T> T guard(java.util.function.Supplier<T> action) {
    try {
      return action.get();
    } catch (ConnectorException e) {
      throw switch (e.code()) {
        case INVALID -> ApiException.invalid(e.getMessage());
        case NOT_FOUND -> ApiException.notFound(e.getMessage());
        case CONFLICT -> new ApiException(409, "CONFLICT", e.getMessage());
        case UNREACHABLE -> new ApiException(400, "UNREACHABLE", e.getMessage());
      };
    }
  }

  static Map<String, Object> render(KafkaCluster cluster) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", cluster.name());
    json.put("bootstrapServers", cluster.bootstrapServers());
    json.put("properties", cluster.properties());
    return json;
  }

  static Map<String, Object> render(Subscription s) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("subscriptionId", s.id());
    json.put("name", s.id());
    json.put("source", s.source());
    json.put("target", s.target());
    json.put("id", s.idFrom());
    json.put("eventTime", s.eventTimeFrom());
    json.put(
        "outOfOrderness", Durations.format(java.time.Duration.ofMillis(s.outOfOrdernessMillis())));
    json.put(
        "idleTimeout",
        s.idleTimeoutMillis() == 0
            ? null
            : Durations.format(java.time.Duration.ofMillis(s.idleTimeoutMillis())));
    json.put("startFrom", s.startLatest() ? "latest" : "earliest");
    json.put("contentType", s.contentType());
    return json;
  }

  static Map<String, Object> render(SubscriptionView view) {
    Map<String, Object> json = render(view.subscription());
    json.put("watermark", view.watermark());
    long lag = 0;
    List<Object> partitions = new ArrayList<>();
    for (SubscriptionView.Partition p : view.partitions()) {
      Map<String, Object> partition = new LinkedHashMap<>();
      partition.put("partition", p.partition());
      partition.put("offset", p.offset());
      partition.put("endOffset", p.endOffset());
      partition.put("lag", p.lag());
      partition.put("watermark", p.watermark());
      partitions.add(partition);
      lag += Math.max(0, p.lag());
    }
    json.put("lag", lag);
    json.put("partitions", partitions);
    return json;
  }
}
