package io.eventide.deploy;

import io.eventide.catalog.DeploymentCatalog;
import io.eventide.catalog.PatternCatalog;
import io.eventide.dispatcher.cluster.WorkerMembership;
import io.eventide.store.Store;
import io.eventide.store.TransactionRunner;
import io.eventide.store.keyspace.Keyspace;
import io.eventide.worker.DeploymentCheckService;
import io.eventide.worker.FunctionRuntimeService;
import io.eventide.worker.PatternFunctions;
import io.eventide.worker.RefreshingLookup;
import io.eventide.worker.StoreCollections;
import io.eventide.worker.StoreDeployments;
import io.eventide.worker.api.WorkerConfig;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.IntFunction;

/**
 * {@code eventide worker}: runs handlers for the cluster's dispatchers. It loads every deployment
 * of the catalog (and those made later, within {@link Periodic#DEPLOYMENT_REFRESH}, or at once when
 * a batch names a type it does not know), serves the function runtime and the gateways' deployment
 * checks over gRPC, and heartbeats its endpoint into the store, where dispatchers and gateways find
 * it.
 */
final class WorkerRole {
  private WorkerRole() {}

  /**
   * @param endpoint the endpoint to advertise, given the bound port
   * @param scratchDir where deployed jars are unpacked for their class loaders
   * @param scratchCleanup run last when the worker stops: removes a temporary scratch directory
   * @param handlers how handlers run: their default timeout, and how many blocked threads are
   *     replaced
   */
  static Serving.Started start(
      Store store,
      ServerCredentials credentials,
      String nodeId,
      String host,
      int port,
      IntFunction<String> endpoint,
      Duration ttl,
      Path scratchDir,
      AutoCloseable scratchCleanup,
      WorkerOptions.Handlers handlers,
      Integer metricsPort) {
    Components components = new Components();
    try {
      components.add(scratchCleanup); // closed last, once nothing reads the jars any more
      components.add(store);
      MeterRegistry meters = Metrics.served(components, "worker", host, metricsPort);
      Keyspace keyspace = new Keyspace(StandaloneNode.CLUSTER);
      WorkerConfig config = handlers.apply(WorkerConfig.defaults().withScratchDir(scratchDir));
      DeploymentCatalog catalog = components.add(new DeploymentCatalog(store, keyspace));
      StoreDeployments deployments = components.add(new StoreDeployments(catalog, config));
      RefreshingLookup deployed = new RefreshingLookup(deployments, 500, System::nanoTime);
      FunctionRuntimeService runtime =
          components.add(
              new FunctionRuntimeService(
                  new PatternFunctions(
                      deployed, new PatternCatalog(store, keyspace), 500, System::nanoTime),
                  config,
                  meters,
                  new StoreCollections(store, keyspace)));
      DeploymentCheckService checks = components.add(new DeploymentCheckService(deployments));
      Server server = GrpcServers.start(credentials, host, port, runtime, checks);
      components.add(GrpcServers.closer(server));
      components.add(
          Periodic.every("deployments-refresh", Periodic.DEPLOYMENT_REFRESH, deployed::refresh));
      TransactionRunner runner = components.add(new TransactionRunner(store));
      String advertised = endpoint.apply(server.getPort());
      // Last: dispatchers send work only once everything above serves.
      components.add(WorkerMembership.start(runner, keyspace, nodeId, advertised, ttl));
      return new Serving.Started(
          components, "eventide: worker listening on " + host + ":" + server.getPort());
    } catch (RuntimeException e) {
      components.close();
      throw e;
    }
  }
}
