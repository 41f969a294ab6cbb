package io.eventide.deploy;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The HTTP API's options, shared by {@code standalone} and {@code gateway}. */
final class HttpOptions {
  @Option(names = "--http-port", defaultValue = "${env:EVENTIDE_HTTP_PORT:-7070}",
      description = "HTTP port, 0 for a free one (env EVENTIDE_HTTP_PORT; default ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--admin-token", defaultValue = "${env:EVENTIDE_ADMIN_TOKEN}",
      description = "Bearer token required by the admin API (env EVENTIDE_ADMIN_TOKEN; default: none).")
  String adminToken;

  @Option(names = "--ingress-token", defaultValue = "${env:EVENTIDE_INGRESS_TOKEN}",
      description = "Bearer token required by the ingress API (env EVENTIDE_INGRESS_TOKEN; default: none).")
  String ingressToken;

  @Option(names = "--call-timeout", defaultValue = "${env:EVENTIDE_CALL_TIMEOUT:-30s}",
      converter = DurationConverter.class,
      description = "Default /v1/call timeout (env EVENTIDE_CALL_TIMEOUT; default ${DEFAULT-VALUE}).")
  Duration callTimeout;
}
