package io.eventide.deploy;

import io.eventide.catalog.CatalogDeployments;
import io.eventide.catalog.DeploymentCatalog;
import io.eventide.catalog.PatternCatalog;
import io.eventide.deploy.backup.NodeBackups;
import io.eventide.dispatcher.DeadLetterCatalog;
import io.eventide.dispatcher.Dispatcher;
import io.eventide.dispatcher.EgressCatalog;
import io.eventide.dispatcher.api.ClusterSettings;
import io.eventide.dispatcher.api.DispatcherConfig;
import io.eventide.dispatcher.api.EgressSpec;
import io.eventide.dispatcher.api.Invoker;
import io.eventide.dispatcher.kafka.KafkaCluster;
import io.eventide.dispatcher.kafka.KafkaRegistry;
import io.eventide.gateway.Gateway;
import io.eventide.gateway.GatewayConfig;
import io.eventide.gateway.audit.AuditTrail;
import io.eventide.protocol.InvocationBatch;
import io.eventide.protocol.InvocationBatchResult;
import io.eventide.store.Store;
import io.eventide.store.keyspace.Keyspace;
import io.eventide.worker.FunctionRuntimeService;
import io.eventide.worker.PatternFunctions;
import io.eventide.worker.RefreshingLookup;
import io.eventide.worker.StoreCollections;
import io.eventide.worker.StoreDeployments;
import io.eventide.worker.api.FunctionLookup;
import io.eventide.worker.api.WorkerConfig;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * One JVM running the embedded store, a worker, a dispatcher and the gateway. The dispatcher hands
 * the worker the same {@code InvocationBatch} messages a cluster sends over gRPC, straight to the
 * service behind the gRPC method, so standalone and cluster mode share the invocation path.
 *
 * <pre>{@code
 * try (StandaloneNode node = StandaloneNode.start(StandaloneConfig.defaults(dir).withHttpPort(0))) {
 *   System.out.println("listening on " + node.httpPort());
 * }
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * {@link #close()} is idempotent and may be called from a shutdown hook.
 */
public final class StandaloneNode implements AutoCloseable {
  static final String CLUSTER = "standalone";

  private final Components started = new Components();
  private int httpPort = -1;

  private StandaloneNode() {}

  /** Whether a configured egress delivers to the Kafka cluster of that name. */
  static java.util.function.Predicate<String> usedByEgress(Store store, Keyspace keyspace) {
    var egresses = EgressCatalog.open(store, keyspace);
    return cluster ->
        egresses.list().stream()
            .anyMatch(
                e ->
                    EgressSpec.KAFKA.equals(e.spec().kind()) && cluster.equals(e.spec().cluster()));
  }

  /** The registry of Kafka clusters and subscriptions, with the launcher's clusters stored. */
  static KafkaRegistry kafkaRegistry(Store store, Keyspace keyspace, List<KafkaCluster> clusters) {
    KafkaRegistry kafka = new KafkaRegistry(store, keyspace, Duration.ofSeconds(5));
    for (KafkaCluster cluster : clusters) {
      kafka.putCluster(cluster, false);
    }
    return kafka;
  }

  /** Opens the store in {@code config.dataDir()}, starts every component, binds HTTP. */
  public static StandaloneNode start(StandaloneConfig config) {
    return start(config, InsecureChannelCredentials.create());
  }

  /**
   * {@link #start(StandaloneConfig)}, dialling a {@code remote:} store with {@code
   * storeCredentials} (mutual TLS, when the state-service requires it).
   */
  public static StandaloneNode start(StandaloneConfig config, ChannelCredentials storeCredentials) {
    StandaloneNode node = new StandaloneNode();
    try {
      node.startAll(config, storeCredentials);
      return node;
    } catch (RuntimeException | IOException e) {
      node.close();
      throw e instanceof RuntimeException r ? r : new UncheckedIOException((IOException) e);
    }
  }

  private void startAll(StandaloneConfig config, ChannelCredentials storeCredentials)
      throws IOException {
    PrometheusMeterRegistry registry = Metrics.registry(started);

    Store store = config.store().open(config.dataDir(), storeCredentials);
    started.add(store);
    Keyspace keyspace = new Keyspace(CLUSTER);
    int keyGroups = ClusterMeta.keyGroups(store, keyspace, config.keyGroups());

    WorkerConfig workerConfig =
        config
            .handlers()
            .apply(WorkerConfig.defaults().withScratchDir(config.dataDir().resolve("jars")));
    DeploymentCatalog catalog = started.add(new DeploymentCatalog(store, keyspace));
    StoreDeployments deployments = started.add(new StoreDeployments(catalog, workerConfig));
    // In a cluster, a deployment made through a peer reaches this worker on the next refresh; a
    // batch for its types may come first, and must find them rather than fail as unknown.
    RefreshingLookup refreshing =
        config.cluster() != null ? new RefreshingLookup(deployments, 500, System::nanoTime) : null;
    FunctionLookup deployed = refreshing != null ? refreshing : deployments;
    // Through the lookup when there is one: a miss then waits for a refresh under way.
    Runnable refreshDeployments = refreshing != null ? refreshing::refresh : deployments::refresh;
    // JSON patterns attached at run time serve their input types beside the deployments'.
    PatternCatalog patterns = new PatternCatalog(store, keyspace);
    PatternFunctions lookup = new PatternFunctions(deployed, patterns, 500, System::nanoTime);
    FunctionRuntimeService runtime =
        new FunctionRuntimeService(
            lookup, workerConfig, registry, new StoreCollections(store, keyspace));
    started.add(runtime);

    // The worker is in this process: its batches are handed over as they are, not through gRPC's
    // in-process transport, whose call machinery was a twentieth of the shard's time.
    Invoker invoker =
        new Invoker() {
          @Override
          public CompletableFuture<InvocationBatchResult> invoke(InvocationBatch batch) {
            return runtime.invokeAsync(batch);
          }

          @Override
          public void invokeParts(InvocationBatch batch, Parts parts) {
            runtime.invokePartsInProcess(batch, parts::part);
          }
        };

    // The lease owner's name: in a cluster, the node id its peers know it by.
    String nodeId =
        config.cluster() != null
            ? config.cluster().nodeId()
            : "standalone-" + UUID.randomUUID().toString().substring(0, 8);
    DispatcherConfig dispatcherConfig =
        config.retention().applyTo(DispatcherConfig.defaults(nodeId).withKeyGroups(keyGroups));
    Dispatcher dispatcher = new Dispatcher(dispatcherConfig, store, keyspace, invoker, registry);
    dispatcher.configureSources(SourceOption.settings(config.sources()));
    if (config.cluster() == null) {
      dispatcher.start();
    }
    started.add(dispatcher);
    // Closed after the gateway, which writes what its audit log still holds on its way out.
    AuditTrail audit = started.add(config.retention().trimAudit(dispatcher, store, keyspace));

    GatewayConfig gatewayConfig =
        GatewayConfig.of(config.host(), config.httpPort())
            .withTokens(config.adminToken(), config.ingressToken())
            .withAccess(config.httpAccess())
            .withDefaultCallTimeout(config.callTimeout())
            .withConnections(config.httpConnections());
    // The gateway keeps the catalog; the worker of this process checks each new jar (called
    // directly) and, told of the change, loads it before the deploy is answered.
    ObservedDeployments observed =
        new ObservedDeployments(
            new CatalogDeployments(
                catalog, deployments, System::currentTimeMillis, config.deploymentVersionsKept()),
            () -> {
              refreshDeployments.run();
              dispatcher.deploymentsChanged();
            });
    Gateway gateway =
        new Gateway(
            gatewayConfig,
            dispatcher,
            dispatcher,
            observed,
            registry,
            EgressCatalog.open(store, keyspace));
    gateway.servePatterns(patterns, lookup::invalidate);
    gateway.withKafka(
        kafkaRegistry(store, keyspace, config.kafka()), usedByEgress(store, keyspace));
    gateway.withAudit(audit);
    gateway.withBackups(
        NodeBackups.of(
            store,
            config.dataDir(),
            keyGroups,
            config.cluster() != null,
            config.store().toString()));
    gateway.withDeadLetters(DeadLetterCatalog.open(store, keyspace));
    httpPort = gateway.start();
    started.add(gateway);
    if (config.cluster() != null) {
      // After the gateway bound its port: peers redirect calls to the endpoint this advertises.
      ClusterSpec cluster = config.cluster();
      String endpoint =
          cluster.advertise() != null ? cluster.advertise() : config.host() + ":" + httpPort;
      Duration ttl = cluster.leaseTtl();
      dispatcher.startClustered(ClusterSettings.of(nodeId, endpoint, keyGroups, ttl));
      // Deployments made through another node reach this one's worker and gateway within this.
      started.add(
          Periodic.every(
              "deployments-refresh",
              Periodic.DEPLOYMENT_REFRESH,
              () -> {
                refreshDeployments.run();
                dispatcher.deploymentsChanged();
              }));
    }
  }

  /** The bound HTTP port. */
  public int httpPort() {
    return httpPort;
  }

  /** Stops HTTP first, then processing, the worker and the store: nothing acknowledged is lost. */
  @Override
  public void close() {
    started.close();
  }
}
