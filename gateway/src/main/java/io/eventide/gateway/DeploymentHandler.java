package io.eventide.gateway;

import io.eventide.catalog.DeploymentInfo;
import io.eventide.catalog.Deployments;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /v1/deployments}: deploy a jar (201), list, inspect and remove deployments. Deploying and
 * removing refresh the served-types cache so the send path sees the change at once.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless; every {@link Deployments} call runs on a worker thread.
 */
final class DeploymentHandler {
  private static final Set<String> JAR_TYPES =
      Set.of(
          "application/java-archive",
          "application/x-java-archive",
          "application/zip",
          "application/octet-stream",
          // What curl sends for --data-binary without -H: `curl --data-binary @fn.jar
          // .../v1/deployments`
          // is the documented way to deploy, so it must work as typed. The bytes are checked
          // anyway.
          "application/x-www-form-urlencoded");
  private static final int MAX_NAME_CHARS = 128;

  private final Deployments deployments;
  private final ServedTypes served;
  private final int maxJarBytes;

  DeploymentHandler(Deployments deployments, ServedTypes served, int maxJarBytes) {
    this.deployments = deployments;
    this.served = served;
    this.maxJarBytes = maxJarBytes;
  }

  HttpHandler deploy() {
    return exchange -> {
      requireJarContentType(exchange);
      String name = Query.first(exchange, "name");
      if (name != null && (name.isBlank() || name.length() > MAX_NAME_CHARS)) {
        throw ApiException.invalid("?name must be 1.." + MAX_NAME_CHARS + " characters");
      }
      Exchanges.receive(
          exchange,
          maxJarBytes,
          (ex, jar) ->
              Exchanges.blocking(
                  ex,
                  worker -> {
                    DeploymentInfo info = deployments.deploy(jar, name);
                    Audit.target(worker, info.id());
                    served.refresh();
                    worker
                        .getResponseHeaders()
                        .put(Headers.LOCATION, "/v1/deployments/" + info.id());
                    Json.send(worker, 201, render(info));
                  }));
    };
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
                        "deployments",
                        deployments.list().stream().map(DeploymentHandler::render).toList())));
  }

  HttpHandler get() {
    return exchange -> {
      String id = exchange.getAttachment(Routes.PARAMS)[0];
      Exchanges.blocking(
          exchange,
          ex ->
              Json.send(
                  ex,
                  200,
                  render(
                      deployments
                          .get(id)
                          .orElseThrow(
                              () -> ApiException.notFound("no deployment '" + id + "'")))));
    };
  }

  HttpHandler delete() {
    return exchange -> {
      String id = exchange.getAttachment(Routes.PARAMS)[0];
      Exchanges.blocking(
          exchange,
          ex -> {
            deployments.delete(id);
            served.refresh();
            Json.send(ex, 200, Map.of("deploymentId", id, "deleted", true));
          });
    };
  }

  static Map<String, Object> render(DeploymentInfo info) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("deploymentId", info.id());
    json.put("name", info.name());
    json.put("version", info.version());
    json.put("functions", List.copyOf(info.functions()));
    json.put("createdAt", info.createdAt());
    json.put("sizeBytes", info.sizeBytes());
    return json;
  }

  private static void requireJarContentType(HttpServerExchange exchange) {
    String type = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
    if (type == null) {
      return;
    }
    String bare = type.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    if (!JAR_TYPES.contains(bare)) {
      throw new ApiException(
          415,
          "UNSUPPORTED_MEDIA_TYPE",
          "a deployment body must be a jar (application/java-archive), was '"
              + Printable.quote(type)
              + "'");
    }
  }
}
