package io.eventide.deploy;

import io.eventide.deploy.client.TokenOptions;
import io.eventide.gateway.GatewayConfig;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The HTTP API's options, shared by {@code standalone} and {@code gateway}; the tokens also by the
 * clients.
 */
final class HttpOptions {
  @Option(
      names = "--http-port",
      defaultValue = "${env:EVENTIDE_HTTP_PORT:-7070}",
      description =
          "HTTP port, 0 for a free one (env EVENTIDE_HTTP_PORT; default ${DEFAULT-VALUE}).")
  int httpPort;

  @Mixin TokenOptions tokens;

  @Mixin AccessOptions access;

  @Mixin HttpsOptions https;

  @Option(
      names = "--call-timeout",
      defaultValue = "${env:EVENTIDE_CALL_TIMEOUT:-30s}",
      converter = DurationConverter.class,
      description =
          "Default /v1/call timeout (env EVENTIDE_CALL_TIMEOUT; default ${DEFAULT-VALUE}).")
  Duration callTimeout;

  @Option(
      names = "--http-idle-timeout",
      defaultValue = "${env:EVENTIDE_HTTP_IDLE_TIMEOUT:-60s}",
      converter = DurationConverter.class,
      description =
          "An HTTP connection without a request in progress is closed after this long"
              + " (env EVENTIDE_HTTP_IDLE_TIMEOUT; default ${DEFAULT-VALUE}).")
  Duration idleTimeout;

  @Option(
      names = "--http-read-timeout",
      defaultValue = "${env:EVENTIDE_HTTP_READ_TIMEOUT:-30s}",
      converter = DurationConverter.class,
      description =
          "A request's head must arrive within this; its body may not stall longer, nor then arrive slower"
              + " than 500 bytes/s (408); a response the client stops reading this long is abandoned"
              + " (env EVENTIDE_HTTP_READ_TIMEOUT; default ${DEFAULT-VALUE}).")
  Duration readTimeout;

  @Option(
      names = "--http-max-connections",
      defaultValue = "${env:EVENTIDE_HTTP_MAX_CONNECTIONS:-10000}",
      description =
          "HTTP connections open at once; more wait to be accepted until others close"
              + " (env EVENTIDE_HTTP_MAX_CONNECTIONS; default ${DEFAULT-VALUE}).")
  int maxConnections;

  /** The HTTP port, checked. */
  int httpPort(CommandSpec spec) {
    return Usage.port(spec, "--http-port", httpPort);
  }

  /** The connection bounds, checked. */
  GatewayConfig.Connections connections(CommandSpec spec) {
    try {
      return new GatewayConfig.Connections(idleTimeout, readTimeout, maxConnections)
          .withTls(https.tls(spec));
    } catch (IllegalArgumentException e) {
      throw Usage.error(spec, "--http-*: " + e.getMessage(), e);
    }
  }
}
