package io.eventide.gateway;

import io.eventide.catalog.DeploymentInfo;
import io.eventide.catalog.DeploymentVersion;
import io.eventide.catalog.Deployments;
import io.undertow.server.HttpHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/deployments/{id}/versions} lists the versions kept of a deployment (by its current
 * id or its name), oldest first, the current one marked; {@code POST
 * /v1/deployments/{id}/rollback?version=N} serves version N again as a new version (201, the new
 * version's deployment). See docs/decisions/deployment-versions.md.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless; every {@link Deployments} call runs on a worker thread.
 */
final class DeploymentVersionHandler {
  private final Deployments deployments;
  private final ServedTypes served;

  DeploymentVersionHandler(Deployments deployments, ServedTypes served) {
    this.deployments = deployments;
    this.served = served;
  }

  HttpHandler versions() {
    return exchange -> {
      String id = exchange.getAttachment(Routes.PARAMS)[0];
      Exchanges.blocking(
          exchange,
          ex -> {
            List<DeploymentVersion> versions = deployments.versions(id);
            List<Object> list = new ArrayList<>(versions.size());
            int current = 0;
            for (DeploymentVersion version : versions) {
              list.add(render(version));
              if (version.current()) {
                current = version.version();
              }
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("current", current);
            body.put("versions", list);
            Json.send(ex, 200, body);
          });
    };
  }

  HttpHandler rollback() {
    return exchange -> {
      String id = exchange.getAttachment(Routes.PARAMS)[0];
      if (Query.first(exchange, "version") == null) {
        throw ApiException.invalid("?version=N is required: the version to serve again");
      }
      int version = (int) Query.longParam(exchange, "version", 0, 1, Integer.MAX_VALUE);
      Exchanges.blocking(
          exchange,
          ex -> {
            DeploymentInfo info = deployments.rollback(id, version);
            served.refresh();
            Map<String, Object> body = DeploymentHandler.render(info);
            body.put("rollbackOf", version);
            Json.send(ex, 201, body);
          });
    };
  }

  private static Map<String, Object> render(DeploymentVersion version) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("version", version.version());
    json.put("deploymentId", version.deploymentId());
    json.put("current", version.current());
    json.put("createdAt", version.createdAt());
    json.put("sizeBytes", version.sizeBytes());
    json.put("functions", version.functions());
    if (version.rollbackOf() > 0) {
      json.put("rollbackOf", version.rollbackOf());
    }
    return json;
  }
}
