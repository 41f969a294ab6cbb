package io.eventide.deploy;

import picocli.CommandLine.Option;

/**
 * {@code --host}, the bind address of every command that serves: standalone, state-service and the
 * roles.
 */
final class HostOption {
  @Option(
      names = "--host",
      defaultValue = "${env:EVENTIDE_HOST:-127.0.0.1}",
      description =
          "Bind address: of the HTTP API for standalone and gateway, of gRPC for the other roles"
              + " (env EVENTIDE_HOST; default ${DEFAULT-VALUE}).")
  String host;

  /** True when the address listens on every interface, which peers cannot dial. */
  boolean wildcard() {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
  }
}
