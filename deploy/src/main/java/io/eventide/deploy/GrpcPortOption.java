package io.eventide.deploy;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --grpc-port} of the processes that serve gRPC. Each has its own default, so that one of
 * each runs on one host as it comes; the defaults sit here, beside the help text that names them.
 */
final class GrpcPortOption {
  static final int STATE_SERVICE = 7073;
  static final int DISPATCHER = 7074;
  static final int WORKER = 7075;

  @Option(
      names = "--grpc-port",
      defaultValue = "${env:EVENTIDE_GRPC_PORT}",
      description =
          "gRPC port, 0 for a free one (env EVENTIDE_GRPC_PORT; default "
              + STATE_SERVICE
              + " for state-service, "
              + DISPATCHER
              + " for dispatcher, "
              + WORKER
              + " for worker).")
  Integer port;

  /** The port given, else {@code fallback}; checked. */
  int port(CommandSpec spec, int fallback) {
    return Usage.port(spec, "--grpc-port", port != null ? port : fallback);
  }
}
