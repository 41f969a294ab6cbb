package io.eventide.deploy;

import io.eventide.gateway.GatewayConfig;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Who may call a node's HTTP API beyond the two flag tokens, and how often: taken by {@code
 * standalone} and {@code gateway}, not by the client commands, which present one token and need
 * neither.
 */
final class AccessOptions {
  @Option(
      names = "--tokens",
      paramLabel = "FILE",
      defaultValue = "${env:EVENTIDE_TOKENS}",
      description =
          "Scoped bearer tokens, JSON {\"tokens\":[{\"name\",\"token\",\"role\":\"admin|ingress|read\","
              + "\"namespaces\",\"types\",\"rateLimit\"}]}; reloaded when it changes. With it every /v1"
              + " endpoint needs a token (env EVENTIDE_TOKENS; default: none).")
  Path tokensFile;

  @Option(
      names = "--rate-limit",
      defaultValue = "${env:EVENTIDE_RATE_LIMIT:-off}",
      description =
          "Requests each client may make: per token, or per remote address without tokens; N/s, N/m,"
              + " N/h, N/<duration> (e.g. 500/100ms) or off. A token's own rateLimit wins; over it is"
              + " 429 with Retry-After (env EVENTIDE_RATE_LIMIT; default ${DEFAULT-VALUE}).")
  String rateLimit;

  @Option(
      names = "--metrics-token",
      defaultValue = "${env:EVENTIDE_METRICS_TOKEN}",
      description =
          "Bearer token /metrics asks for (an admin token also opens it): for a Prometheus scraper"
              + " that should reach nothing else (env EVENTIDE_METRICS_TOKEN; default: /metrics is"
              + " open).")
  String metricsToken;

  /** The tokens file, the rate limit and the metrics token, checked. */
  GatewayConfig.Access access(CommandSpec spec) {
    try {
      return new GatewayConfig.Access(
          tokensFile == null ? null : tokensFile.toAbsolutePath(),
          "off".equals(rateLimit.strip()) ? null : GatewayConfig.RateLimit.parse(rateLimit),
          metricsToken == null || metricsToken.isBlank() ? null : metricsToken);
    } catch (IllegalArgumentException e) {
      throw Usage.error(spec, "--rate-limit: " + e.getMessage(), e);
    }
  }
}
