package io.eventide.gateway;

import io.eventide.dispatcher.api.EgressSpec;
import io.eventide.dispatcher.api.Egresses;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import java.util.Map;

/**
 * {@code /v1/egresses}: configure an egress (201; 409 when the name is taken), list, inspect (with
 * pending, delivered, last error) and delete (404 when unknown). Kafka egresses need their cluster
 * configured first (400 otherwise).
 *
 * <h2>Thread safety</h2>
 *
 * Stateless; every {@link Egresses} call runs on a worker thread.
 */
final class EgressConfigHandler {
  /** An egress configuration is small; its headers are bounded by {@link EgressSpec}. */
  static final int MAX_BODY_BYTES = 64 << 10;

  private final Egresses egresses;

  EgressConfigHandler(Egresses egresses) {
    this.egresses = egresses;
  }

  HttpHandler create() {
    return exchange ->
        Exchanges.receive(
            exchange,
            MAX_BODY_BYTES,
            (ex, body) -> {
              EgressSpec spec = EgressSpecs.parse(body);
              Audit.target(ex, spec.name());
              Exchanges.blocking(
                  ex,
                  worker -> {
                    if (!egresses.create(spec)) {
                      throw new ApiException(
                          409,
                          "CONFLICT",
                          "egress '"
                              + spec.name()
                              + "' exists already; DELETE /v1/egresses/"
                              + spec.name()
                              + " first to change it");
                    }
                    worker
                        .getResponseHeaders()
                        .put(Headers.LOCATION, "/v1/egresses/" + spec.name());
                    Json.send(
                        worker, 201, EgressSpecs.render(egresses.get(spec.name()).orElseThrow()));
                  });
            });
  }

  HttpHandler list() {
    return exchange ->
        Exchanges.blocking(
            exchange,
            ex ->
                Json.send(
                    ex,
                    200,
                    Map.of(
                        "egresses", egresses.list().stream().map(EgressSpecs::render).toList())));
  }

  HttpHandler get() {
    return exchange -> {
      String name = exchange.getAttachment(Routes.PARAMS)[0];
      Exchanges.blocking(
          exchange,
          ex ->
              Json.send(
                  ex,
                  200,
                  EgressSpecs.render(egresses.get(name).orElseThrow(() -> unknown(name)))));
    };
  }

  HttpHandler delete() {
    return exchange -> {
      String name = exchange.getAttachment(Routes.PARAMS)[0];
      Exchanges.blocking(
          exchange,
          ex -> {
            if (!egresses.delete(name)) {
              throw unknown(name);
            }
            Json.send(ex, 200, Map.of("name", name, "deleted", true));
          });
    };
  }

  private static ApiException unknown(String name) {
    return ApiException.notFound("no configured egress '" + Printable.quote(name) + "'");
  }
}
