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

  /** The tokens file and the rate limit, checked. */
  GatewayConfig.Access access(CommandSpec spec) {
    try {
      return new GatewayConfig.Access(
          tokensFile == null ? null : tokensFile.toAbsolutePath(),
          "off".equals(rateLimit.strip()) ? null : GatewayConfig.RateLimit.parse(rateLimit));
    } catch (IllegalArgumentException e) {
      throw Usage.error(spec, "--rate-limit: " + e.getMessage(), e);
    }
  }
}
