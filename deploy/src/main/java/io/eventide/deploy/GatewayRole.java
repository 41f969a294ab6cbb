package io.eventide.deploy;

import io.eventide.catalog.CatalogDeployments;
import io.eventide.catalog.DeploymentCatalog;
import io.eventide.catalog.PatternCatalog;
import io.eventide.dispatcher.DeadLetterCatalog;
import io.eventide.dispatcher.EgressCatalog;
import io.eventide.dispatcher.api.RemoteOptions;
import io.eventide.dispatcher.cluster.ClusterQueries;
import io.eventide.dispatcher.cluster.DirectoryCache;
import io.eventide.dispatcher.cluster.RoutedIngress;
import io.eventide.dispatcher.cluster.WorkerDeploymentCheck;
import io.eventide.dispatcher.kafka.KafkaCluster;
import io.eventide.gateway.Gateway;
import io.eventide.gateway.GatewayConfig;
import io.eventide.gateway.audit.AuditTrail;
import io.eventide.store.Store;
import io.eventide.store.keyspace.Keyspace;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;

/**
 * {@code eventide gateway}: the HTTP API of a cluster. Ingress goes over gRPC to the dispatcher
 * holding each key group; state, egress and the deployment catalog are read and written in the
 * store, so any number of gateways serve the same cluster and any of them can be restarted at will.
 * It never loads a deployed jar: a live worker checks each new one.
 */
final class GatewayRole {
  private GatewayRole() {}

  static Serving.Started start(
      Store store,
      String nodeId,
      GatewayConfig gatewayConfig,
      int requestedKeyGroups,
      RemoteOptions options,
      List<KafkaCluster> kafka,
      int versionsKept) {
    Components components = new Components();
    try {
      PrometheusMeterRegistry registry = Metrics.registry(components);
      components.add(store);
      Keyspace keyspace = new Keyspace(StandaloneNode.CLUSTER);
      int keyGroups = ClusterMeta.keyGroups(store, keyspace, requestedKeyGroups);
      DirectoryCache directory =
          components.add(DirectoryCache.start(store, keyspace, options.refreshInterval()));
      RoutedIngress ingress =
          components.add(new RoutedIngress(directory, directory::refreshSoon, keyGroups, options));
      directory.addListener(ingress::observe);
      DeploymentCatalog catalog = components.add(new DeploymentCatalog(store, keyspace));
      WorkerDeploymentCheck workers =
          components.add(
              new WorkerDeploymentCheck(directory, options, WorkerDeploymentCheck.DEFAULT_TIMEOUT));
      directory.addListener(workers::observe);
      // Closed after the gateway, which writes what its audit log still holds on its way out.
      AuditTrail audit = components.add(new AuditTrail(store, keyspace));
      ClusterQueries queries =
          new ClusterQueries(store, keyspace, directory, ingress, keyGroups, nodeId);
      CatalogDeployments deployments =
          new CatalogDeployments(catalog, workers, System::currentTimeMillis, versionsKept);
      Gateway gateway =
          components.add(
              new Gateway(
                  gatewayConfig,
                  ingress,
                  queries,
                  deployments,
                  registry,
                  EgressCatalog.open(store, keyspace)));
      // Workers follow pattern changes within their refresh interval (500 ms).
      gateway.servePatterns(new PatternCatalog(store, keyspace), () -> {});
      gateway.withKafka(
          StandaloneNode.kafkaRegistry(store, keyspace, kafka),
          StandaloneNode.usedByEgress(store, keyspace));
      gateway.withAudit(audit);
      gateway.withDeadLetters(DeadLetterCatalog.open(store, keyspace));
      int port = gateway.start();
      return new Serving.Started(
          components,
          "eventide: listening on "
              + gatewayConfig.connections().scheme()
              + "://"
              + gatewayConfig.host()
              + ":"
              + port);
    } catch (RuntimeException e) {
      components.close();
      throw e;
    }
  }
}
