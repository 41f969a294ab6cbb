package io.eventide.deploy;

import io.eventide.tls.InternalTls;
import io.grpc.InsecureChannelCredentials;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eventide standalone}: one JVM with gateway, dispatcher, worker and the embedded store.
 * Prints {@code eventide: listening on http://HOST:PORT} ({@code https://} with {@code --tls-cert})
 * once it serves, and closes the node on SIGTERM/SIGINT through a JVM shutdown hook.
 */
@Command(
    name = "standalone",
    mixinStandardHelpOptions = true,
    description =
        "Run a single-process node (gateway, dispatcher, worker, embedded RocksDB store).")
final class StandaloneCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(StandaloneCommand.class);

  @Spec CommandSpec spec;

  @Mixin HttpOptions http;

  @Mixin WorkerOptions worker;

  @Mixin RetentionOptions retention;

  @Mixin HostOption host;

  @Mixin DataDirOption data;

  @Mixin KeyGroupsOption keyGroups;

  @Mixin StoreOptions store;

  @Mixin MembershipOptions membership;

  @Mixin KafkaOption kafka;

  @Mixin DeploymentVersionsOption versions;

  @Mixin SourcesOption sources;

  /** For a {@code remote:} store whose state-service requires mutual TLS. */
  @Mixin InternalTlsOptions internalTls;

  @Mixin LogFormatOption logFormat;

  @Mixin TracingOption tracing;

  @Option(
      names = "--cluster",
      defaultValue = "${env:EVENTIDE_CLUSTER:-false}",
      description =
          "Share the store with other nodes started so: each processes its share of the key groups,"
              + " and takes over those of a node that stops (env EVENTIDE_CLUSTER). Needs --store remote or fdb.")
  boolean cluster;

  @Override
  public Integer call() throws InterruptedException {
    StandaloneConfig config = config();
    tracing.start(spec, "standalone");
    InternalTls tls = internalTls.load(spec);
    PrintWriter err = spec.commandLine().getErr();
    StandaloneNode node;
    try {
      Files.createDirectories(config.dataDir());
      node =
          StandaloneNode.start(
              config, tls == null ? InsecureChannelCredentials.create() : tls.channelCredentials());
    } catch (IOException | RuntimeException e) {
      // The one-line reason is for the operator; the stack trace only helps when debugging.
      log.debug("standalone node failed to start", e);
      err.println(
          "eventide: cannot start: "
              + (e.getMessage() != null ? e.getMessage() : e.toString())
              + " (data dir "
              + config.dataDir()
              + ", store "
              + config.store()
              + ", port "
              + config.httpPort()
              + ")");
      err.flush();
      return 1;
    }
    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> close(node, closed), "eventide-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        "eventide: listening on "
            + config.httpConnections().scheme()
            + "://"
            + config.host()
            + ":"
            + node.httpPort());
    out.flush();
    // The node runs on its own threads; this one only waits for the shutdown hook.
    while (!closed.await(1, TimeUnit.DAYS)) {
      log.debug("still serving on port {}", node.httpPort());
    }
    return 0;
  }

  private static void close(StandaloneNode node, CountDownLatch closed) {
    try {
      log.info("shutting down");
      node.close();
      log.info("stopped");
    } finally {
      closed.countDown();
    }
  }

  StandaloneConfig config() {
    int httpPort = http.httpPort(spec);
    int groups = keyGroups.keyGroups(spec);
    List<String> checked = sources.checked(spec);
    StoreSpec storeSpec = store.any(spec);
    ClusterSpec clusterSpec = null;
    if (cluster) {
      if (storeSpec.backend().equals("rocksdb")) {
        throw Usage.error(
            spec,
            "--cluster needs a store the nodes share: --store remote:HOST:PORT or --store fdb");
      }
      clusterSpec =
          new ClusterSpec(
              membership.nodeId("node"), membership.advertised(), membership.leaseTtl(spec));
    }
    return new StandaloneConfig(
        host.host,
        httpPort,
        data.orHome("data").toAbsolutePath(),
        http.tokens.admin(),
        http.tokens.ingress(),
        groups,
        List.copyOf(checked),
        http.callTimeout,
        storeSpec,
        clusterSpec,
        worker.handlers(spec),
        retention.retention(spec),
        http.connections(spec),
        kafka.clusters(spec),
        http.access.access(spec),
        versions.kept(spec));
  }
}
