package io.eventide.gateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a {@link Gateway} listens, whom it lets in, and how much it accepts.
 *
 * @param host the address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port the port to bind; 0 picks a free one ({@link Gateway#port()} tells which)
 * @param adminToken the token named "admin", role admin (every endpoint); null = none, and then,
 *     without a tokens file, the admin plane (deployments, state, functions, cluster) is open
 * @param ingressToken the token named "ingress", role ingress (send, call, ingress, egress reads);
 *     null = none, and then, without a tokens file, that plane is open
 * @param limits request size and admission limits
 * @param defaultCallTimeout the timeout of {@code /v1/call} without {@code ?timeout=}
 * @param connections how long connections may idle or stall, and how many may be open
 * @param access the tokens file and the rate limit of each client
 */
public record GatewayConfig(
    String host,
    int port,
    String adminToken,
    String ingressToken,
    Limits limits,
    Duration defaultCallTimeout,
    Connections connections,
    Access access) {

  /** Validates ranges; an empty token is treated as a mistake rather than as "open". */
  public GatewayConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(defaultCallTimeout, "defaultCallTimeout");
    Objects.requireNonNull(connections, "connections");
    Objects.requireNonNull(access, "access");
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
    return new GatewayConfig(
        host,
        port,
        null,
        null,
        Limits.defaults(),
        Duration.ofSeconds(30),
        Connections.DEFAULTS,
        Access.NONE);
  }

  /** A copy with these tokens (null = open). */
  public GatewayConfig withTokens(String admin, String ingress) {
    return new GatewayConfig(
        host, port, admin, ingress, limits, defaultCallTimeout, connections, access);
  }

  /** A copy with these limits. */
  public GatewayConfig withLimits(Limits newLimits) {
    return new GatewayConfig(
        host, port, adminToken, ingressToken, newLimits, defaultCallTimeout, connections, access);
  }

  /** A copy with this default call timeout. */
  public GatewayConfig withDefaultCallTimeout(Duration timeout) {
    return new GatewayConfig(
        host, port, adminToken, ingressToken, limits, timeout, connections, access);
  }

  /** A copy with these connection bounds. */
  public GatewayConfig withConnections(Connections newConnections) {
    return new GatewayConfig(
        host, port, adminToken, ingressToken, limits, defaultCallTimeout, newConnections, access);
  }

  /** A copy with this tokens file and rate limit. */
  public GatewayConfig withAccess(Access newAccess) {
    return new GatewayConfig(
        host, port, adminToken, ingressToken, limits, defaultCallTimeout, connections, newAccess);
  }

  /**
   * Who the clients are beyond the two flag tokens, and how often each may ask.
   *
   * @param tokensFile scoped tokens as JSON, reloaded when it changes; null for none
   * @param rateLimit requests each client may make (per token name, or per remote address when it
   *     presents none); a token's own {@code rateLimit} wins; null for no limit
   */
  public record Access(Path tokensFile, RateLimit rateLimit, String metricsToken) {
    /** No tokens file, no rate limit, {@code /metrics} open. */
    public static final Access NONE = new Access(null, null, null);

    /** A tokens file and a rate limit, {@code /metrics} open. */
    public Access(Path tokensFile, RateLimit rateLimit) {
      this(tokensFile, rateLimit, null);
    }
  }

  /**
   * At most {@code permits} requests in each {@code period}, counted in fixed windows.
   *
   * @param permits requests a client may make in one period, at least 1
   * @param period the window, from 1 ms to 1 day
   */
  public record RateLimit(int permits, Duration period) {
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})/(\\d*)(ms|s|m|h)");

    /** Checks the ranges. */
    public RateLimit {
      Objects.requireNonNull(period, "period");
      if (permits < 1) {
        throw new IllegalArgumentException(
            "a rate limit allows at least 1 request, was " + permits);
      }
      if (period.toMillis() < 1 || period.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException(
            "a rate limit's period must be 1ms to 1d, was " + Durations.format(period));
      }
    }

    /**
     * Parses {@code N/s}, {@code N/m}, {@code N/h} or {@code N/<duration>} (e.g. {@code
     * 500/100ms}).
     *
     * @throws IllegalArgumentException naming the text and the format
     */
    public static RateLimit parse(String text) {
      Matcher m = FORMAT.matcher(text.trim());
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "rate limit '"
                + text
                + "' must be N/s, N/m, N/h or N/<duration> (e.g. 1000/s, 50/100ms)");
      }
      String amount = m.group(2).isEmpty() ? "1" : m.group(2);
      return new RateLimit(Integer.parseInt(m.group(1)), Durations.parse(amount + m.group(3)));
    }

    @Override
    public String toString() {
      return permits + "/" + Durations.format(period);
    }
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

  /**
   * What one client may hold of the server, in time and in connections. Each bound ends the
   * connection when it runs out; none limits how long a handler takes (a call waits for its reply
   * as long as its own timeout says).
   *
   * @param idleTimeout a connection without a request in progress is closed after this long
   * @param readTimeout a request's head must arrive within this; its body may not stall (no byte
   *     arriving) for longer, nor then arrive slower than 500 bytes a second (408); a response the
   *     client stops taking for this long is abandoned
   * @param maxConnections connections open at once; past it, new ones wait in the listen backlog
   *     until others close
   * @param tls the certificate HTTPS serves on the port; null: plain HTTP
   */
  public record Connections(
      Duration idleTimeout, Duration readTimeout, int maxConnections, Tls tls) {
    /** Defaults: idle 60 s (longer than common load balancers' 60 s), read 30 s, 10,000. */
    public static final Connections DEFAULTS =
        new Connections(Duration.ofSeconds(60), Duration.ofSeconds(30), 10_000);

    /** Timeouts must be whole milliseconds from 1 ms to about 24 days (Undertow's int range). */
    public Connections {
      requireMillis(idleTimeout, "idleTimeout");
      requireMillis(readTimeout, "readTimeout");
      if (maxConnections < 1) {
        throw new IllegalArgumentException(
            "maxConnections must be at least 1, was " + maxConnections);
      }
    }

    /** Plain HTTP. */
    public Connections(Duration idleTimeout, Duration readTimeout, int maxConnections) {
      this(idleTimeout, readTimeout, maxConnections, null);
    }

    /** A copy serving HTTPS with {@code value} (null: plain HTTP). */
    public Connections withTls(Tls value) {
      return new Connections(idleTimeout, readTimeout, maxConnections, value);
    }

    /** {@code https} or {@code http}, for the URLs a node prints. */
    public String scheme() {
      return tls == null ? "http" : "https";
    }

    private static void requireMillis(Duration timeout, String name) {
      Objects.requireNonNull(timeout, name);
      if (timeout.toMillis() < 1 || timeout.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            name + " must be between 1ms and " + Integer.MAX_VALUE + "ms, was " + timeout);
      }
    }
  }

  /**
   * HTTPS: the certificate (then any intermediates) and its PKCS#8 private key, PEM, read again
   * when both files change.
   */
  public record Tls(Path certFile, Path keyFile) {
    public Tls {
      Objects.requireNonNull(certFile, "certFile");
      Objects.requireNonNull(keyFile, "keyFile");
    }
  }
}
