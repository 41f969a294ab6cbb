package io.eventide.deploy;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --metrics-port} of the role processes without an HTTP API of their own (dispatcher,
 * worker, state-service): where they serve {@code GET /metrics}, Prometheus text. Off unless given,
 * so that roles sharing a host need no port of their own for it.
 */
final class MetricsPortOption {
  @Option(
      names = "--metrics-port",
      defaultValue = "${env:EVENTIDE_METRICS_PORT}",
      description =
          "Serve GET /metrics (Prometheus text) on this HTTP port, 0 for a free one (env"
              + " EVENTIDE_METRICS_PORT; default: not served).")
  Integer port;

  /** The port given, checked; null when metrics are not served. */
  Integer port(CommandSpec spec) {
    return port == null ? null : Usage.port(spec, "--metrics-port", port);
  }
}
