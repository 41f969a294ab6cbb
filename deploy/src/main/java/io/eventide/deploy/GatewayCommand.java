package io.eventide.deploy;

import io.eventide.dispatcher.api.RemoteOptions;
import io.eventide.gateway.GatewayConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code eventide gateway}: see {@link GatewayRole}. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
    description = "Serve a cluster's HTTP API: ingress to the dispatchers, deployments, state and egress queries.")
final class GatewayCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin RoleOptions role;

  @Mixin HttpOptions http;

  @Option(names = "--data-dir", defaultValue = "${env:EVENTIDE_DATA_DIR}",
      description = "Scratch directory for deployed jars (env EVENTIDE_DATA_DIR; default: a new temporary one).")
  Path dataDir;

  @Override
  public Integer call() throws InterruptedException {
    role.checkPort(spec, "--http-port", http.httpPort);
    StoreSpec store = role.storeSpec(spec);
    RemoteOptions options = role.remoteOptions(spec);
    GatewayConfig config = GatewayConfig.of(role.host, http.httpPort).withTokens(http.adminToken, http.ingressToken)
        .withDefaultCallTimeout(http.callTimeout).withConnections(http.connections(spec));
    String nodeId = role.nodeId("gateway");
    return Serving.run(spec, "gateway", () -> GatewayRole.start(store.open(null), nodeId, config, role.keyGroups,
        options, WorkerCommand.scratch(dataDir, "gateway")));
  }
}
