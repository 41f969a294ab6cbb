package io.eventide.deploy;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code eventide standalone}: one JVM with gateway, dispatcher, worker and the embedded store.
 * Prints {@code eventide: listening on http://HOST:PORT} once it serves, and closes the node on
 * SIGTERM/SIGINT through a JVM shutdown hook.
 */
@Command(
    name = "standalone",
    mixinStandardHelpOptions = true,
    description = "Run a single-process node (gateway, dispatcher, worker, embedded RocksDB store).")
final class StandaloneCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(StandaloneCommand.class);

  @Spec CommandSpec spec;

  @Mixin HttpOptions http;

  @Mixin WorkerOptions worker;

  @Mixin RetentionOptions retention;

  @Option(names = "--host", defaultValue = "${env:EVENTIDE_HOST:-127.0.0.1}",
      description = "HTTP bind address (env EVENTIDE_HOST; default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--data-dir", defaultValue = "${env:EVENTIDE_DATA_DIR:-${sys:user.home}/.eventide/data}",
      description = "Store directory; survives restarts (env EVENTIDE_DATA_DIR; default ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--source", paramLabel = "NAME:out-of-orderness=D,idle=D", split = ";",
      defaultValue = "${env:EVENTIDE_SOURCES}",
      description = "Watermark strategy of an ingress source; repeatable (env EVENTIDE_SOURCES, ';'-separated).")
  List<String> sources = new ArrayList<>();

  @Option(names = "--key-groups", defaultValue = "${env:EVENTIDE_KEY_GROUPS:-256}",
      description = "Key groups; fixed when the data dir is created (env EVENTIDE_KEY_GROUPS; default ${DEFAULT-VALUE}).")
  int keyGroups;

  @Option(names = "--store", defaultValue = "${env:EVENTIDE_STORE:-rocksdb}",
      description = "rocksdb (embedded, under --data-dir), remote:HOST:PORT (an 'eventide state-service'), or fdb"
          + " (env EVENTIDE_STORE; default ${DEFAULT-VALUE}).")
  String store;

  @Option(names = "--fdb-cluster-file", defaultValue = "${env:FDB_CLUSTER_FILE}",
      description = "FoundationDB cluster file for --store fdb (env FDB_CLUSTER_FILE).")
  Path fdbClusterFile;

  @Option(names = "--cluster", defaultValue = "${env:EVENTIDE_CLUSTER:-false}",
      description = "Share the store with other nodes started so: each processes its share of the key groups,"
          + " and takes over those of a node that stops (env EVENTIDE_CLUSTER). Needs --store remote or fdb.")
  boolean cluster;

  @Option(names = "--node-id", defaultValue = "${env:EVENTIDE_NODE_ID}",
      description = "This node's id among the cluster's (env EVENTIDE_NODE_ID; default: generated).")
  String nodeId;

  @Option(names = "--advertise", defaultValue = "${env:EVENTIDE_ADVERTISE}",
      description = "HOST:PORT other nodes redirect calls for this node's key groups to (env EVENTIDE_ADVERTISE;"
          + " default: --host and the bound port).")
  String advertise;

  @Option(names = "--lease-ttl", defaultValue = "${env:EVENTIDE_LEASE_TTL:-10s}", converter = DurationConverter.class,
      description = "How long a node's key groups stay its own after its last heartbeat; about the failover"
          + " time after a crash (env EVENTIDE_LEASE_TTL; default ${DEFAULT-VALUE}).")
  Duration leaseTtl;

  @Override
  public Integer call() throws InterruptedException {
    StandaloneConfig config = config();
    PrintWriter err = spec.commandLine().getErr();
    StandaloneNode node;
    try {
      Files.createDirectories(config.dataDir());
      node = StandaloneNode.start(config);
    } catch (IOException | RuntimeException e) {
      // The one-line reason is for the operator; the stack trace only helps when debugging.
      log.debug("standalone node failed to start", e);
      err.println("eventide: cannot start: " + (e.getMessage() != null ? e.getMessage() : e.toString())
          + " (data dir " + config.dataDir() + ", store " + config.store() + ", port " + config.httpPort() + ")");
      err.flush();
      return 1;
    }
    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> close(node, closed), "eventide-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    out.println("eventide: listening on http://" + config.host() + ":" + node.httpPort());
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
    if (http.httpPort < 0 || http.httpPort > 65535) {
      throw new ParameterException(spec.commandLine(), "--http-port " + http.httpPort + " must be 0..65535");
    }
    if (keyGroups < 1 || keyGroups > 65536) {
      throw new ParameterException(spec.commandLine(), "--key-groups " + keyGroups + " must be 1..65536");
    }
    List<String> checked = new ArrayList<>();
    for (String source : sources == null ? List.<String>of() : sources) {
      if (source.isBlank()) {
        continue;
      }
      try {
        SourceSpec.parse(source.trim());
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--source: " + e.getMessage(), e, null, source);
      }
      checked.add(source.trim());
    }
    StoreSpec storeSpec;
    try {
      storeSpec = StoreSpec.parse(store, fdbClusterFile);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e, null, store);
    }
    ClusterSpec clusterSpec = null;
    if (cluster) {
      if (storeSpec.backend().equals("rocksdb")) {
        throw new ParameterException(spec.commandLine(),
            "--cluster needs a store the nodes share: --store remote:HOST:PORT or --store fdb");
      }
      try {
        clusterSpec = new ClusterSpec(nodeId == null || nodeId.isBlank()
            ? "node-" + java.util.UUID.randomUUID().toString().substring(0, 8) : nodeId.trim(), advertise, leaseTtl);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e, null, nodeId);
      }
    }
    return new StandaloneConfig(host, http.httpPort, dataDir.toAbsolutePath(), http.adminToken, http.ingressToken,
        keyGroups, List.copyOf(checked), http.callTimeout, storeSpec, clusterSpec, worker.handlers(spec),
        retention.retention(spec), http.connections(spec));
  }
}
