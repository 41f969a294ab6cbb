package io.eventide.gateway;

import io.eventide.catalog.Deployments;
import io.eventide.catalog.PatternCatalog;
import io.eventide.dispatcher.api.DeadLetters;
import io.eventide.dispatcher.api.Egresses;
import io.eventide.dispatcher.api.Ingress;
import io.eventide.dispatcher.api.Queries;
import io.eventide.dispatcher.kafka.KafkaRegistry;
import io.eventide.gateway.audit.AuditTrail;
import io.eventide.tls.ReloadingIdentity;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.util.Methods;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Options;

/**
 * Eventide's HTTP gateway (Undertow): REST ingress, NDJSON batches, the deploy API, state and
 * egress queries, health, readiness, Prometheus metrics and the web console.
 *
 * <pre>{@code
 * GatewayConfig config = GatewayConfig.of("127.0.0.1", 0);
 * try (Gateway gateway = new Gateway(config, ingress, queries, deployments, registry)) {
 *   int port = gateway.start();
 * }
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * {@link #start()} and {@link #close()} are synchronized; requests run on Undertow's I/O threads
 * ("eventide-gateway I/O-n"), never blocked, and blocking calls on its worker pool
 * ("eventide-gateway task-n"), whose backlog the in-flight limit bounds.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
  private static final Duration TYPES_MAX_AGE = Duration.ofSeconds(1);

  private final GatewayConfig config;
  private final ServedTypes served;
  private final HttpHandler root;
  private final Routes routes;
  private final Auth auth;
  private final Audit audit;
  private final Ingress ingress;
  private ClusterHandler ops;
  private final BackupHandler backups =
      new BackupHandler(
          Backups.unsupported(
              "this node keeps no store of its own: back up the cluster's store instead, the"
                  + " state-service's data dir or FoundationDB with fdbbackup"
                  + " (docs/operations/backup.md)"));
  private Undertow server;
  private ReloadingIdentity identity;
  private int port = -1;

  public Gateway(
      GatewayConfig config,
      Ingress ingress,
      Queries queries,
      Deployments deployments,
      PrometheusMeterRegistry registry) {
    this(config, ingress, queries, deployments, registry, null);
  }

  /** A gateway that also serves {@code /v1/egresses} from {@code egresses} (null: not served). */
  public Gateway(
      GatewayConfig config,
      Ingress ingress,
      Queries queries,
      Deployments deployments,
      PrometheusMeterRegistry registry,
      Egresses egresses) {
    this.config = Objects.requireNonNull(config, "config");
    this.ingress = ingress;
    this.served = new ServedTypes(deployments, TYPES_MAX_AGE.toNanos(), System::nanoTime);
    GatewayMetrics metrics = new GatewayMetrics(registry);
    this.audit = new Audit(new AuditLog(), System::currentTimeMillis);
    Path tokensFile = config.access().tokensFile();
    this.auth =
        new Auth(
            config.adminToken(),
            config.ingressToken(),
            tokensFile,
            config.access().metricsToken(),
            outcome -> audit.reload(tokensFile, outcome));
    Routes routes =
        new Routes(
            auth,
            new RateLimits(config.access().rateLimit(), RateLimits.MAX_CLIENTS, System::nanoTime),
            new Admission(config.limits().maxInFlight()),
            audit);
    register(routes, ingress, queries, deployments, registry, metrics);
    if (egresses != null) {
      EgressConfigHandler configured = new EgressConfigHandler(egresses);
      routes
          .add("/v1/egresses", Auth.Guard.ADMIN, true)
          .on(Methods.GET, configured.list())
          .on(Methods.POST, "egress.create", configured.create());
      routes
          .add("/v1/egresses/{name}", Auth.Guard.ADMIN, true)
          .on(Methods.GET, configured.get())
          .on(Methods.DELETE, "egress.delete", configured.delete());
    }
    this.routes = routes;
    this.root = metrics.instrument(routes);
  }

  /**
   * Serves {@code /v1/patterns} (JSON patterns attached at run time) from {@code patterns}, and
   * accepts messages to their input types; call before {@link #start()}. {@code changed} runs after
   * each change, so that a worker in this process can follow at once.
   */
  public Gateway servePatterns(PatternCatalog patterns, Runnable changed) {
    // This gateway takes a change at once: a deleted pattern's type is refused from the answer on.
    Runnable followed =
        () -> {
          changed.run();
          served.refresh();
        };
    PatternHandler handler = new PatternHandler(patterns, followed, System::currentTimeMillis);
    routes.add("/v1/patterns", Auth.Guard.ADMIN, true).on(Methods.GET, handler.list());
    routes
        .add("/v1/patterns/{name}", Auth.Guard.ADMIN, true)
        .on(Methods.GET, handler.get())
        .on(Methods.PUT, "pattern.put", handler.put())
        .on(Methods.DELETE, "pattern.delete", handler.delete());
    served.alsoServing(
        () -> {
          Set<String> inputs = new HashSet<>();
          patterns.all().values().forEach(v -> inputs.add(v.get(v.size() - 1).input()));
          return inputs;
        });
    return this;
  }

  private void register(
      Routes routes,
      Ingress ingress,
      Queries queries,
      Deployments deployments,
      PrometheusMeterRegistry registry,
      GatewayMetrics metrics) {
    GatewayConfig.Limits limits = config.limits();
    var in = Auth.Guard.INGRESS;
    var reads = Auth.Guard.DATA_READ;
    var admin = Auth.Guard.ADMIN;
    String send = "/v1/send/{ns}/{type}/{id}";
    routes
        .add(send, in, true)
        .on(
            Methods.POST,
            ServerSpans.wrap(
                "POST", send, new SendHandler(ingress, served, limits.maxBodyBytes())));
    String call = "/v1/call/{ns}/{type}/{id}";
    routes
        .add(call, in, true)
        .on(
            Methods.POST,
            ServerSpans.wrap(
                "POST",
                call,
                new CallHandler(
                    ingress, served, limits.maxBodyBytes(), config.defaultCallTimeout())));
    IngressHandler batches = new IngressHandler(ingress, served, limits, metrics);
    String events = "/v1/ingress/{source}/events";
    routes
        .add(events, in, true)
        .on(Methods.POST, ServerSpans.wrap("POST", events, batches.events()));
    routes.add("/v1/ingress/{source}/watermark", in, true).on(Methods.POST, batches.watermark());
    routes.add("/v1/ingress/{source}", reads, true).on(Methods.GET, new SourceHandler(queries));
    routes.add("/v1/egress/{name}", reads, true).on(Methods.GET, new EgressHandler(queries));
    routes
        .add("/v1/state/{ns}/{type}/{id}", Auth.Guard.STATE, true)
        .on(Methods.GET, new StateHandler(queries, served));
    CollectionHandler collections = new CollectionHandler(queries, served);
    routes
        .add("/v1/state/{ns}/{type}/{id}/maps/{name}", Auth.Guard.STATE, true)
        .on(Methods.GET, collections.map());
    routes
        .add("/v1/state/{ns}/{type}/{id}/lists/{name}", Auth.Guard.STATE, true)
        .on(Methods.GET, collections.list());
    routes
        .add("/v1/state/{ns}/{type}", Auth.Guard.STATE, true)
        .on(Methods.GET, new StateListHandler(queries, served));
    DeploymentHandler deploys = new DeploymentHandler(deployments, served, limits.maxJarBytes());
    routes
        .add("/v1/deployments", admin, true)
        .on(Methods.GET, deploys.list())
        .on(Methods.POST, "deployment.create", deploys.deploy());
    routes
        .add("/v1/deployments/{id}", admin, true)
        .on(Methods.GET, deploys.get())
        .on(Methods.DELETE, "deployment.delete", deploys.delete());
    DeploymentVersionHandler versions = new DeploymentVersionHandler(deployments, served);
    routes.add("/v1/deployments/{id}/versions", admin, true).on(Methods.GET, versions.versions());
    routes
        .add("/v1/deployments/{id}/rollback", admin, true)
        .on(Methods.POST, "deployment.rollback", versions.rollback());
    ops = new ClusterHandler(queries, served, registry);
    routes.add("/v1/functions", admin, true).on(Methods.GET, ops.functions());
    routes.add("/v1/cluster", admin, true).on(Methods.GET, ops.cluster());
    routes.add("/health", Auth.Guard.OPEN, false).on(Methods.GET, ops.health());
    routes.add("/ready", Auth.Guard.OPEN, false).on(Methods.GET, ops.ready());
    routes.add("/metrics", Auth.Guard.METRICS, false).on(Methods.GET, ops.metrics());
    ConsoleHandler console = new ConsoleHandler();
    routes.add("/", Auth.Guard.OPEN, false).on(Methods.GET, console.page());
    routes.add("/console/{file}", Auth.Guard.OPEN, false).on(Methods.GET, console.assets());
    routes
        .add("/v1/metrics/summary", Auth.Guard.METRICS, false)
        .on(Methods.GET, new MetricsSummaryHandler(registry, System::currentTimeMillis));
    routes.add("/v1/backups", admin, true).on(Methods.POST, "backup.create", backups);
  }

  /**
   * Serves {@code POST /v1/backups} with {@code backups}; call before {@link #start}. Without it,
   * backups are refused with 409, naming the cluster store's own backup tools.
   */
  public synchronized Gateway withBackups(Backups backups) {
    this.backups.serve(Objects.requireNonNull(backups, "backups"));
    return this;
  }

  /**
   * Serves Kafka clusters and subscriptions ({@code /v1/kafka-clusters}, {@code /v1/subscriptions})
   * from {@code registry}, and shows the subscriptions in {@code /v1/cluster}; call before {@link
   * #start}. {@code clusterUsedByEgress} says whether an egress still uses a cluster.
   */
  public synchronized Gateway withKafka(
      KafkaRegistry registry, java.util.function.Predicate<String> clusterUsedByEgress) {
    var admin = Auth.Guard.ADMIN;
    KafkaHandler kafka = new KafkaHandler(registry, served, clusterUsedByEgress);
    routes.add("/v1/kafka-clusters", admin, true).on(Methods.GET, kafka.clusters());
    routes
        .add("/v1/kafka-clusters/{name}", admin, true)
        .on(Methods.GET, kafka.cluster())
        .on(Methods.PUT, "kafka-cluster.put", kafka.putCluster())
        .on(Methods.DELETE, "kafka-cluster.delete", kafka.deleteCluster());
    routes
        .add("/v1/subscriptions", admin, true)
        .on(Methods.GET, kafka.subscriptions())
        .on(Methods.POST, "subscription.create", kafka.subscribe());
    routes
        .add("/v1/subscriptions/{id}", admin, true)
        .on(Methods.GET, kafka.subscription())
        .on(Methods.DELETE, "subscription.delete", kafka.unsubscribe());
    ops.section("subscriptions", kafka::summary);
    return this;
  }

  /**
   * Serves the dead letters kept in {@code letters} at {@code /v1/dead-letters} (admin): list,
   * inspect, replay through this gateway's ingress, delete; call before {@link #start}.
   */
  public synchronized Gateway withDeadLetters(DeadLetters letters) {
    var admin = Auth.Guard.ADMIN;
    DeadLetterHandler handler = new DeadLetterHandler(letters, ingress);
    routes.add("/v1/dead-letters", admin, true).on(Methods.GET, handler.list());
    routes
        .add("/v1/dead-letters/{messageId}", admin, true)
        .on(Methods.GET, handler.get())
        .on(Methods.DELETE, "dead-letter.delete", handler.delete());
    routes
        .add("/v1/dead-letters/{messageId}/replay", admin, true)
        .on(Methods.POST, "dead-letter.replay", handler.replay());
    return this;
  }

  /**
   * Keeps the audit log in {@code trail} as well as logging it, and serves it at {@code GET
   * /v1/audit} (admin); call before {@link #start}. Without it, audit entries are only logged.
   */
  public synchronized Gateway withAudit(AuditTrail trail) {
    audit.log().keep(trail);
    routes.add("/v1/audit", Auth.Guard.ADMIN, true).on(Methods.GET, new AuditHandler(trail));
    return this;
  }

  /** Binds and starts serving; returns the bound port (the chosen one when the config says 0). */
  public synchronized int start() {
    if (server != null) {
      throw new IllegalStateException("gateway already started");
    }
    Undertow.Builder builder = ServerOptions.apply(Undertow.builder(), config);
    GatewayConfig.Tls tls = config.connections().tls();
    if (tls == null) {
      builder.addHttpListener(config.port(), config.host());
    } else {
      // Read before binding: a missing or wrong file stops the start, naming it.
      identity = ReloadingIdentity.load(tls.certFile(), tls.keyFile());
      builder
          .addHttpsListener(config.port(), config.host(), identity.serverContext())
          // Offered through ALPN on the TLS handshake; clients without it keep HTTP/1.1.
          .setServerOption(UndertowOptions.ENABLE_HTTP2, true);
    }
    Undertow undertow =
        builder.setWorkerOption(Options.WORKER_NAME, "eventide-gateway").setHandler(root).build();
    try {
      undertow.start();
    } catch (RuntimeException e) {
      closeIdentity();
      throw e;
    }
    server = undertow;
    auth.start();
    served.backgroundExecutor(undertow.getWorker());
    port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    LOG.info("gateway listening on {}://{}:{}", config.connections().scheme(), config.host(), port);
    return port;
  }

  /** The bound port; only valid after {@link #start()}. */
  public synchronized int port() {
    if (port < 0) {
      throw new IllegalStateException("gateway not started");
    }
    return port;
  }

  /** Stops the server and its threads; idempotent. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop();
      server = null;
      auth.close();
      closeIdentity();
      LOG.info("gateway stopped");
    }
    audit.log().close();
  }

  private void closeIdentity() {
    if (identity != null) {
      identity.close();
      identity = null;
    }
  }
}
