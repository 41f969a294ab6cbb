package io.eventide.deploy;

import io.eventide.dispatcher.kafka.KafkaCluster;
import io.eventide.gateway.GatewayConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Settings of a standalone node (one JVM: gateway, dispatcher, worker, embedded store).
 *
 * @param host the HTTP bind address
 * @param httpPort the HTTP port, 0 for a free one
 * @param dataDir where the embedded store keeps its files
 * @param adminToken bearer token for the admin API, or null for none
 * @param ingressToken bearer token for the ingress API, or null for none
 * @param keyGroups the number of key groups (fixed when the data dir is created)
 * @param sources per-source watermark settings, {@code NAME:out-of-orderness=2s,idle=30s}
 * @param callTimeout default {@code /v1/call} timeout
 * @param store where everything durable lives
 * @param cluster how this node shares its store with other nodes; null: it has the store alone
 * @param handlers how handlers run: their default timeout, and how many blocked threads are
 *     replaced
 * @param retention how long idempotency keys and log egress records are kept
 * @param httpConnections how long HTTP connections may idle or stall, and how many may be open
 * @param kafka Kafka clusters given with {@code --kafka}, stored at start
 * @param httpAccess the scoped tokens file and the per-client rate limit of the HTTP API
 * @param deploymentVersionsKept versions of each deployment kept for rollback, the current one
 *     included ({@code --deployment-versions-kept})
 */
public record StandaloneConfig(
    String host,
    int httpPort,
    Path dataDir,
    String adminToken,
    String ingressToken,
    int keyGroups,
    List<String> sources,
    Duration callTimeout,
    StoreSpec store,
    ClusterSpec cluster,
    WorkerOptions.Handlers handlers,
    Retention retention,
    GatewayConfig.Connections httpConnections,
    List<KafkaCluster> kafka,
    GatewayConfig.Access httpAccess,
    int deploymentVersionsKept) {

  /**
   * Defaults: 127.0.0.1:7070, 256 key groups, 30 s calls, no tokens, {@link Retention#defaults()}.
   */
  public static StandaloneConfig defaults(Path dataDir) {
    return new StandaloneConfig(
        "127.0.0.1",
        7070,
        dataDir,
        null,
        null,
        256,
        List.of(),
        Duration.ofSeconds(30),
        StoreSpec.ROCKSDB,
        null,
        WorkerOptions.Handlers.defaults(),
        Retention.defaults(),
        GatewayConfig.Connections.DEFAULTS,
        List.of(),
        GatewayConfig.Access.NONE,
        DeploymentVersionsOption.DEFAULT);
  }

  public StandaloneConfig withHttpPort(int port) {
    return new StandaloneConfig(
        host,
        port,
        dataDir,
        adminToken,
        ingressToken,
        keyGroups,
        sources,
        callTimeout,
        store,
        cluster,
        handlers,
        retention,
        httpConnections,
        kafka,
        httpAccess,
        deploymentVersionsKept);
  }
}
