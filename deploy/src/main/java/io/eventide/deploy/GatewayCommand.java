package io.eventide.deploy;

import io.eventide.gateway.GatewayConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code eventide gateway}: see {@link GatewayRole}. */
@Command(
    name = "gateway",
    mixinStandardHelpOptions = true,
    description =
        "Serve a cluster's HTTP API: ingress to the dispatchers, deployments, state and egress queries.")
final class GatewayCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin RoleOptions role;

  @Mixin HttpOptions http;

  /** Accepted and ignored, so existing command lines keep starting: the gateway keeps no files. */
  @Mixin DataDirOption data;

  @Mixin KafkaOption kafka;

  @Mixin DeploymentVersionsOption versions;

  @Override
  public Integer call() throws InterruptedException {
    int port = http.httpPort(spec);
    int versionsKept = versions.kept(spec);
    RoleOptions.Checked checked = role.check(spec, "gateway");
    GatewayConfig config =
        GatewayConfig.of(role.host(), port)
            .withTokens(http.tokens.admin(), http.tokens.ingress())
            .withAccess(http.access.access(spec))
            .withDefaultCallTimeout(http.callTimeout)
            .withConnections(http.connections(spec));
    return Serving.run(
        spec,
        "gateway",
        () ->
            GatewayRole.start(
                checked.openStore(),
                checked.nodeId(),
                config,
                checked.keyGroups(),
                checked.remote(),
                kafka.clusters(spec),
                versionsKept));
  }
}
