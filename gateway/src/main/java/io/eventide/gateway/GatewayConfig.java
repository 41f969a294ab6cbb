package io.eventide.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Gateway} listens, whom it lets in, and how much it accepts.
 *
 * @param host the address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port the port to bind; 0 picks a free one ({@link Gateway#port()} tells which)
 * @param adminToken bearer token for deployments, state, functions and cluster; null = open
 * @param ingressToken bearer token for send, call, ingress and egress; null = open
 * @param limits request size and admission limits
 * @param defaultCallTimeout the timeout of {@code /v1/call} without {@code ?timeout=}
 */
public record GatewayConfig(
    String host,
    int port,
    String adminToken,
    String ingressToken,
    Limits limits,
    Duration defaultCallTimeout) {

  /** Validates ranges; an empty token is treated as a mistake rather than as "open". */
  public GatewayConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(defaultCallTimeout, "defaultCallTimeout");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
    if ((adminToken != null && adminToken.isEmpty())
        || (ingressToken != null && ingressToken.isEmpty())) {
      throw new IllegalArgumentException("tokens must be null (open) or non-empty");
    }
    if (defaultCallTimeout.isNegative() || defaultCallTimeout.isZero()) {
      throw new IllegalArgumentException("defaultCallTimeout must be positive");
    }
  }

  /** Open gateway on {@code host:port} with default limits and a 30 s call timeout. */
  public static GatewayConfig of(String host, int port) {
    return new GatewayConfig(host, port, null, null, Limits.defaults(), Duration.ofSeconds(30));
  }

  /** A copy with these tokens (null = open). */
  public GatewayConfig withTokens(String admin, String ingress) {
    return new GatewayConfig(host, port, admin, ingress, limits, defaultCallTimeout);
  }

  /** A copy with these limits. */
  public GatewayConfig withLimits(Limits newLimits) {
    return new GatewayConfig(host, port, adminToken, ingressToken, newLimits, defaultCallTimeout);
  }

  /** A copy with this default call timeout. */
  public GatewayConfig withDefaultCallTimeout(Duration timeout) {
    return new GatewayConfig(host, port, adminToken, ingressToken, limits, timeout);
  }

  /**
   * Request limits.
   *
   * @param maxBodyBytes largest body of a send or call
   * @param maxBatchBytes largest NDJSON batch body
   * @param maxBatchEvents most events in one NDJSON batch
   * @param maxJarBytes largest deployed jar
   * @param maxInFlight most {@code /v1} requests in progress at once; more get 429
   */
  public record Limits(
      int maxBodyBytes, int maxBatchBytes, int maxBatchEvents, int maxJarBytes, int maxInFlight) {
    /** Defaults: 1 MiB bodies, 64 MiB / 100,000-event batches, 64 MiB jars, 1,024 in flight. */
    public static final Limits DEFAULTS = new Limits(1 << 20, 64 << 20, 100_000, 64 << 20, 1024);

    /** Every limit must be at least 1. */
    public Limits {
      if (maxBodyBytes < 1
          || maxBatchBytes < 1
          || maxBatchEvents < 1
          || maxJarBytes < 1
          || maxInFlight < 1) {
        throw new IllegalArgumentException("every gateway limit must be at least 1");
      }
    }

    /** The default limits. */
    public static Limits defaults() {
      return DEFAULTS;
    }
  }
}
