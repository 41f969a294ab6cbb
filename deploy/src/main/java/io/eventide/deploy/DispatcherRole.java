package io.eventide.deploy;

import io.eventide.dispatcher.DispatchService;
import io.eventide.dispatcher.Dispatcher;
import io.eventide.dispatcher.api.ClusterSettings;
import io.eventide.dispatcher.api.DispatcherConfig;
import io.eventide.dispatcher.api.RemoteOptions;
import io.eventide.dispatcher.api.SourceSettings;
import io.eventide.dispatcher.cluster.DirectoryCache;
import io.eventide.dispatcher.cluster.WorkerPool;
import io.eventide.store.Store;
import io.eventide.store.keyspace.Keyspace;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * {@code eventide dispatcher}: holds a share of the key groups (leases in the store, handed over as
 * dispatchers come and go), takes ingress from the gateways over gRPC, and processes its groups
 * through the live workers of the store's directory.
 */
final class DispatcherRole {
  private DispatcherRole() {}

  /**
   * A clustered shard waits on the state-service for every read of a round, where a standalone one
   * reads its embedded store in microseconds: one shard per core, and two at least, so that one
   * shard's round trips overlap the other's work. (Keyed counting, 1 dispatcher, 2 cores, one
   * back-to-back pair on a loaded machine: 44.6k events/s at 30.4 µs of CPU per event with two
   * shards, 35.4k/s at 36.4 µs with one.)
   */
  static int clusterShards() {
    return Math.max(2, Runtime.getRuntime().availableProcessors());
  }

  static Serving.Started start(
      Store store,
      ServerCredentials credentials,
      String nodeId,
      String host,
      int port,
      IntFunction<String> endpoint,
      int requestedKeyGroups,
      Duration ttl,
      RemoteOptions options,
      Retention retention,
      Map<String, SourceSettings> sources,
      Integer metricsPort) {
    Components components = new Components();
    try {
      components.add(store);
      MeterRegistry meters = Metrics.served(components, "dispatcher", host, metricsPort);
      Keyspace keyspace = new Keyspace(StandaloneNode.CLUSTER);
      int keyGroups = ClusterMeta.keyGroups(store, keyspace, requestedKeyGroups);
      DirectoryCache directory =
          components.add(DirectoryCache.start(store, keyspace, options.refreshInterval()));
      WorkerPool pool = components.add(new WorkerPool(directory, options));
      directory.addListener(pool::observe);
      // A batch may go to every worker in turn before the shard gives it up and backs off.
      Duration invocationTimeout =
          options.invokeTimeout().plus(options.maxBackoff()).multipliedBy(options.attempts());
      DispatcherConfig config =
          retention.applyTo(
              DispatcherConfig.defaults(nodeId)
                  .withKeyGroups(keyGroups)
                  .withShards(clusterShards())
                  .withInvocationTimeout(invocationTimeout));
      Dispatcher dispatcher = new Dispatcher(config, store, keyspace, pool, meters);
      dispatcher.configureSources(sources);
      Server server;
      try {
        server = GrpcServers.start(credentials, host, port, new DispatchService(dispatcher));
      } catch (RuntimeException e) {
        dispatcher.close();
        throw e;
      }
      components.add(GrpcServers.closer(server));
      // Closed before the server: it fails the calls waiting on replies, so the server's
      // shutdown does not wait for them, and hands the key groups over while workers still serve.
      components.add(dispatcher);
      components.add(retention.trimAudit(dispatcher, store, keyspace));
      components.add(
          Periodic.every(
              "sources-refresh", Periodic.DEPLOYMENT_REFRESH, dispatcher::deploymentsChanged));
      dispatcher.startClustered(
          ClusterSettings.of(nodeId, endpoint.apply(server.getPort()), keyGroups, ttl), options);
      return new Serving.Started(
          components, "eventide: dispatcher listening on " + host + ":" + server.getPort());
    } catch (RuntimeException e) {
      components.close();
      throw e;
    }
  }
}
