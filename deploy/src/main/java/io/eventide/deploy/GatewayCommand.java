package io.eventide.deploy;

import io.eventide.dispatcher.remote.RemoteOptions;
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

  // Accepted so that existing commands and units keep starting: the gateway no longer unpacks jars.
  @Option(names = "--data-dir", defaultValue = "${env:EVENTIDE_DATA_DIR}", hidden = true,
      description = "Unused: the gateway keeps no files (env EVENTIDE_DATA_DIR).")
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
        options));
  }
}
