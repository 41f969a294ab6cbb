package io.eventide.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code eventide worker}: see {@link WorkerRole}. */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = "Run handlers of the deployed functions for a cluster's dispatchers (gRPC).")
final class WorkerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin RoleOptions role;

  @Mixin WorkerOptions worker;

  @Option(names = "--grpc-port", defaultValue = "${env:EVENTIDE_GRPC_PORT:-7075}",
      description = "gRPC port, 0 for a free one (env EVENTIDE_GRPC_PORT; default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--data-dir", defaultValue = "${env:EVENTIDE_DATA_DIR}",
      description = "Scratch directory for deployed jars (env EVENTIDE_DATA_DIR; default: a new temporary one).")
  Path dataDir;

  @Override
  public Integer call() throws InterruptedException {
    role.checkPort(spec, "--grpc-port", port);
    StoreSpec store = role.storeSpec(spec);
    role.remoteOptions(spec);
    role.endpoint(spec, port);
    String nodeId = role.nodeId("worker");
    WorkerOptions.Handlers handlers = worker.handlers(spec);
    return Serving.run(spec, "worker", () -> WorkerRole.start(store.open(null), nodeId, role.host, port,
        bound -> role.endpoint(spec, bound), role.leaseTtl, scratch(dataDir, "worker"), handlers));
  }

  /** {@code dir}, created, or a new temporary directory when it is null. */
  static Path scratch(Path dir, String role) {
    try {
      return dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("eventide-" + role + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the scratch directory: " + e.getMessage(), e);
    }
  }
}
