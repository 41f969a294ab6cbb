package io.eventide.deploy;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code eventide dispatcher}: see {@link DispatcherRole}. */
@Command(
    name = "dispatcher",
    mixinStandardHelpOptions = true,
    description =
        "Own a share of a cluster's key groups: take their ingress, process it through the workers.")
final class DispatcherCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin RoleOptions role;

  @Mixin GrpcPortOption grpc;

  @Mixin MetricsPortOption metrics;

  @Mixin RetentionOptions retention;

  @Mixin SourcesOption sources;

  @Override
  public Integer call() throws InterruptedException {
    int port = grpc.port(spec, GrpcPortOption.DISPATCHER);
    Integer metricsPort = metrics.port(spec);
    RoleOptions.Checked checked = role.check(spec, "dispatcher");
    Retention kept = retention.retention(spec);
    List<String> sourceSettings = sources.checked(spec);
    role.endpoint(spec, port);
    return Serving.run(
        spec,
        "dispatcher",
        () ->
            DispatcherRole.start(
                checked.openStore(),
                checked.serverCredentials(),
                checked.nodeId(),
                role.host(),
                port,
                bound -> role.endpoint(spec, bound),
                checked.keyGroups(),
                checked.leaseTtl(),
                checked.remote(),
                kept,
                SourceOption.settings(sourceSettings),
                metricsPort));
  }
}
