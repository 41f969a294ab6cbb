package io.eventide.deploy;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code eventide worker}: see {@link WorkerRole}. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = "Run handlers of the deployed functions for a cluster's dispatchers (gRPC).")
final class WorkerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin RoleOptions role;

  @Mixin GrpcPortOption grpc;

  @Mixin MetricsPortOption metrics;

  @Mixin WorkerOptions worker;

  @Mixin DataDirOption data;

  @Override
  public Integer call() throws InterruptedException {
    int port = grpc.port(spec, GrpcPortOption.WORKER);
    Integer metricsPort = metrics.port(spec);
    RoleOptions.Checked checked = role.check(spec, "worker");
    role.endpoint(spec, port);
    WorkerOptions.Handlers handlers = worker.handlers(spec);
    Path scratch = data.scratch("worker");
    return Serving.run(
        spec,
        "worker",
        () ->
            WorkerRole.start(
                checked.openStore(),
                checked.serverCredentials(),
                checked.nodeId(),
                role.host(),
                port,
                bound -> role.endpoint(spec, bound),
                checked.leaseTtl(),
                scratch,
                data.cleanup(),
                handlers,
                metricsPort));
  }
}
