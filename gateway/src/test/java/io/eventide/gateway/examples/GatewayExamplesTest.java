package io.eventide.gateway.examples;

import io.eventide.catalog.CatalogDeployments;
import io.eventide.catalog.DeploymentCatalog;
import io.eventide.catalog.DeploymentException;
import io.eventide.catalog.DeploymentException.Code;
import io.eventide.catalog.Deployments;
import io.eventide.dispatcher.api.Ingress;
import io.eventide.dispatcher.api.Queries;
import io.eventide.gateway.Gateway;
import io.eventide.gateway.GatewayConfig;
import io.eventide.store.Store;
import io.eventide.store.backends.Stores;
import io.eventide.store.keyspace.Keyspace;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's example, run: a real server bound to 127.0.0.1, with the deployments of a catalog
 * on the embedded store. What it serves is the subject of the gateway's ITs; here the example's own
 * start on a free port and close must go through.
 */
class GatewayExamplesTest {
  @TempDir Path dir;

  @Test
  void aGatewayStartsOnAFreePortAndCloses() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (Store store = Stores.rocksdb(dir.resolve("store"));
        DeploymentCatalog catalog = new DeploymentCatalog(store, new Keyspace("examples"))) {
      Deployments deployments =
          new CatalogDeployments(
              catalog,
              (id, jar) -> {
                throw new DeploymentException(Code.UNAVAILABLE, "the example deploys nothing");
              },
              System::currentTimeMillis);
      Ingress ingress = unused(Ingress.class);
      Queries queries = unused(Queries.class);
      // javadoc: Gateway
      GatewayConfig config = GatewayConfig.of("127.0.0.1", 0);
      try (Gateway gateway = new Gateway(config, ingress, queries, deployments, registry)) {
        int port = gateway.start();
      }
      // end javadoc
    } finally {
      registry.close();
    }
  }

  /** No request reaches the example's gateway, so nothing may call these. */
  static <T> T unused(Class<T> type) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              throw new AssertionError(
                  type.getSimpleName() + "." + method.getName() + " was called");
            }));
  }
}
