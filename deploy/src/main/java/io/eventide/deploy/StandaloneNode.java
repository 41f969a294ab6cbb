package io.eventide.deploy;

import io.eventide.dispatcher.Dispatcher;
import io.eventide.dispatcher.cluster.LeaseKeeper;
import io.eventide.dispatcher.DispatcherConfig;
import io.eventide.dispatcher.Invoker;
import io.eventide.gateway.Gateway;
import io.eventide.gateway.GatewayConfig;
import io.eventide.store.Store;
import io.eventide.store.keyspace.Keyspace;
import io.eventide.worker.FunctionRuntimeService;
import io.eventide.worker.StoreDeployments;
import io.eventide.worker.WorkerConfig;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JVM running the embedded store, a worker, a dispatcher and the gateway. The worker is
 * reached over in-process gRPC, so standalone and cluster mode share the invocation path.
 *
 * <pre>{@code
 * try (StandaloneNode node = StandaloneNode.start(StandaloneConfig.defaults(dir).withHttpPort(0))) {
 *   System.out.println("listening on " + node.httpPort());
 * }
 * }</pre>
 *
 * <h2>Thread safety</h2>
 * {@link #close()} is idempotent and may be called from a shutdown hook.
 */
public final class StandaloneNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StandaloneNode.class);
  static final String CLUSTER = "standalone";
  /** How often a clustered node looks for deployments made through other nodes. */
  private static final Duration DEPLOYMENT_REFRESH = Duration.ofSeconds(2);

  /** Components in start order; closed in reverse. */
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private int httpPort = -1;
  private boolean closed;

  private StandaloneNode() {}

  /** Opens the store in {@code config.dataDir()}, starts every component, binds HTTP. */
  public static StandaloneNode start(StandaloneConfig config) {
    StandaloneNode node = new StandaloneNode();
    try {
      node.startAll(config);
      return node;
    } catch (RuntimeException | IOException e) {
      node.close();
      throw e instanceof RuntimeException r ? r : new UncheckedIOException((IOException) e);
    }
  }

  private void startAll(StandaloneConfig config) throws IOException {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    started.push(gc);
    started.push(registry::close);

    Store store = config.store().open(config.dataDir());
    started.push(store);
    Keyspace keyspace = new Keyspace(CLUSTER);
    int keyGroups = ClusterMeta.keyGroups(store, keyspace, config.keyGroups());

    WorkerConfig workerConfig = WorkerConfig.defaults().withScratchDir(config.dataDir().resolve("jars"));
    StoreDeployments deployments = new StoreDeployments(store, keyspace, workerConfig);
    started.push(deployments);
    FunctionRuntimeService runtime = new FunctionRuntimeService(deployments, workerConfig, registry);
    started.push(runtime);

    String channelName = "eventide-worker-" + UUID.randomUUID();
    Server server = InProcessServerBuilder.forName(channelName).directExecutor().addService(runtime).build().start();
    started.push(() -> server.shutdown().awaitTermination(10, TimeUnit.SECONDS));
    ManagedChannel channel = InProcessChannelBuilder.forName(channelName).directExecutor().build();
    started.push(() -> channel.shutdown().awaitTermination(10, TimeUnit.SECONDS));

    // The lease owner's name: in a cluster, the node id its peers know it by.
    String nodeId = config.cluster() != null
        ? config.cluster().nodeId() : "standalone-" + UUID.randomUUID().toString().substring(0, 8);
    DispatcherConfig dispatcherConfig = DispatcherConfig.defaults(nodeId).withKeyGroups(keyGroups);
    Dispatcher dispatcher = new Dispatcher(dispatcherConfig, store, keyspace, Invoker.grpc(channel), registry);
    dispatcher.configureSources(SourceSpec.settings(config.sources()));
    if (config.cluster() == null) {
      dispatcher.start();
    }
    started.push(dispatcher);

    GatewayConfig gatewayConfig = GatewayConfig.of(config.host(), config.httpPort())
        .withTokens(config.adminToken(), config.ingressToken())
        .withDefaultCallTimeout(config.callTimeout());
    Gateway gateway = new Gateway(gatewayConfig, dispatcher, dispatcher,
        new ObservedDeployments(deployments, dispatcher::deploymentsChanged), registry);
    httpPort = gateway.start();
    started.push(gateway);
    if (config.cluster() != null) {
      // After the gateway bound its port: peers redirect calls to the endpoint this advertises.
      ClusterSpec cluster = config.cluster();
      String endpoint = cluster.advertise() != null ? cluster.advertise() : config.host() + ":" + httpPort;
      Duration ttl = cluster.leaseTtl();
      dispatcher.startClustered(new LeaseKeeper.Config(nodeId, endpoint, keyGroups, ttl, ttl.dividedBy(3),
          System::currentTimeMillis));
      // Deployments made through another node reach this one's worker and gateway within this.
      ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "eventide-deployments-refresh");
        thread.setDaemon(true);
        return thread;
      });
      started.push(refresher::shutdownNow);
      refresher.scheduleWithFixedDelay(() -> refreshDeployments(deployments, dispatcher),
          DEPLOYMENT_REFRESH.toMillis(), DEPLOYMENT_REFRESH.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private static void refreshDeployments(StoreDeployments deployments, Dispatcher dispatcher) {
    try {
      deployments.refresh();
      dispatcher.deploymentsChanged();
    } catch (RuntimeException e) {
      LOG.warn("refreshing deployments from the store failed; trying again", e);
    }
  }

  /** The bound HTTP port. */
  public int httpPort() {
    return httpPort;
  }

  /** Stops HTTP first, then processing, the worker and the store: nothing acknowledged is lost. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    while (!started.isEmpty()) {
      AutoCloseable component = started.pop();
      try {
        component.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        LOG.warn("failed to stop {}", component, e);
      }
    }
  }
}
