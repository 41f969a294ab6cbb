package io.eventide.deploy;

import io.eventide.dispatcher.api.RemoteOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code eventide dispatcher}: see {@link DispatcherRole}. */
@Command(name = "dispatcher", mixinStandardHelpOptions = true,
    description = "Own a share of a cluster's key groups: take their ingress, process it through the workers.")
final class DispatcherCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin RoleOptions role;

  @Mixin RetentionOptions retention;

  @Option(names = "--grpc-port", defaultValue = "${env:EVENTIDE_GRPC_PORT:-7074}",
      description = "gRPC port, 0 for a free one (env EVENTIDE_GRPC_PORT; default ${DEFAULT-VALUE}).")
  int port;

  @Override
  public Integer call() throws InterruptedException {
    role.checkPort(spec, "--grpc-port", port);
    StoreSpec store = role.storeSpec(spec);
    RemoteOptions options = role.remoteOptions(spec);
    Retention kept = retention.retention(spec);
    role.endpoint(spec, port);
    String nodeId = role.nodeId("dispatcher");
    return Serving.run(spec, "dispatcher", () -> DispatcherRole.start(store.open(null), nodeId, role.host, port,
        bound -> role.endpoint(spec, bound), role.keyGroups, role.leaseTtl, options, kept));
  }
}
