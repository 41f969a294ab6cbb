package io.eventide.gateway;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Bearer-token checks. Tokens come from the two flags ({@code --admin-token}, named "admin" with
 * role admin; {@code --ingress-token}, "ingress" with role ingress) and from a tokens file,
 * followed while the gateway runs. Without a tokens file, a flag left out leaves its plane open as
 * it always has (the ingress plane: send, call, ingress, egress reads; the admin plane: the rest);
 * with one, every {@code /v1} endpoint needs a token. A missing or unknown token is 401, a known
 * one without the role or the scope 403.
 *
 * <p>A presented token is hashed (SHA-256) and compared with every known token's digest in constant
 * time ({@link Tokens#find}), so timing says nothing of how close a guess came or which token it
 * matched. Tokens appear in no log and no answer; the token's name does.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe: the current tokens are one volatile reference, replaced whole by a reload.
 */
final class Auth implements AutoCloseable {
  /** What a route needs; see {@link Role#may} for which roles pass. */
  enum Guard {
    /** Probes and the console: never a token. */
    OPEN,
    /** Data-plane writes: send, call, batches, watermarks. */
    INGRESS,
    /** Data-plane reads: source status, egress records. */
    DATA_READ,
    /** State queries. */
    STATE,
    /** Everything else: deployments, functions, cluster, connectors. */
    ADMIN,
    /** {@code /metrics}: open unless a metrics token is set; then it, or an admin token. */
    METRICS
  }

  /** The client a request's token named; absent when its route or plane is open. */
  static final AttachmentKey<Client> CLIENT = AttachmentKey.create(Client.class);

  static final Duration POLL = Duration.ofSeconds(1);

  private static final String BEARER = "Bearer ";

  private final boolean ingressOpen;
  private final boolean adminOpen;
  private final TokensWatcher watcher;
  private final Client metrics;
  private volatile Tokens tokens;

  /**
   * Tokens from the flags (null when not given) and {@code tokensFile} (null for none); {@code
   * reloads} is told how each reload of the file went ({@link TokensWatcher}).
   *
   * @throws IllegalArgumentException when the tokens file is unreadable or invalid
   */
  Auth(
      String adminToken,
      String ingressToken,
      Path tokensFile,
      java.util.function.Consumer<String> reloads) {
    this(adminToken, ingressToken, tokensFile, null, reloads);
  }

  /**
   * As {@link #Auth(String, String, Path, java.util.function.Consumer)}, with {@code metricsToken}
   * (null: none) guarding {@code /metrics} beside the admin tokens: a scraper holds a token that
   * opens nothing else.
   */
  Auth(
      String adminToken,
      String ingressToken,
      Path tokensFile,
      String metricsToken,
      java.util.function.Consumer<String> reloads) {
    this.metrics = metricsToken == null ? null : Client.ofFlag("metrics", metricsToken, Role.READ);
    List<Client> flags = new ArrayList<>();
    if (adminToken != null) {
      flags.add(Client.ofFlag("admin", adminToken, Role.ADMIN));
    }
    if (ingressToken != null) {
      flags.add(Client.ofFlag("ingress", ingressToken, Role.INGRESS));
    }
    this.ingressOpen = tokensFile == null && ingressToken == null;
    this.adminOpen = tokensFile == null && adminToken == null;
    if (tokensFile == null) {
      this.watcher = null;
      this.tokens = Tokens.of(flags);
    } else {
      this.watcher =
          new TokensWatcher(
              tokensFile,
              fromFile -> {
                List<Client> all = new ArrayList<>(flags);
                all.addAll(fromFile);
                return Tokens.of(all);
              },
              reloaded -> tokens = reloaded,
              reloads);
      this.tokens = watcher.load();
    }
  }

  /** Starts following the tokens file, if there is one. */
  void start() {
    if (watcher != null) {
      watcher.start(POLL);
    }
  }

  /**
   * The client the request's token names, also attached as {@link #CLIENT}; null when {@code guard}
   * is open. Throws 401 when the token is missing or unknown, 403 when its role may not use the
   * route.
   */
  Client check(HttpServerExchange exchange, Guard guard) {
    if (open(guard)) {
      return null;
    }
    String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw new ApiException(
          401, "UNAUTHORIZED", "this endpoint needs 'Authorization: Bearer <token>'");
    }
    byte[] presented = Client.digest(header.substring(BEARER.length()).trim());
    if (guard == Guard.METRICS && metrics != null && metrics.matches(presented)) {
      exchange.putAttachment(CLIENT, metrics);
      return metrics;
    }
    Client client = tokens.find(presented);
    if (client == null) {
      throw new ApiException(401, "UNAUTHORIZED", "the bearer token is not known");
    }
    // Attached before the role check, so that a refusal names the token that was refused.
    exchange.putAttachment(CLIENT, client);
    if (!client.role().may(guard)) {
      throw new ApiException(
          403,
          "FORBIDDEN",
          "token '"
              + client.name()
              + "' has role "
              + client.role().label()
              + ", which may not use this endpoint");
    }
    return client;
  }

  /** Throws 403 unless {@code client} (null: an open plane) may reach {@code namespace/type}. */
  static void requireScope(Client client, String namespace, String type, String where) {
    if (client != null && !client.scope().reaches(namespace, type)) {
      throw new ApiException(
          403,
          "FORBIDDEN",
          where
              + "token '"
              + client.name()
              + "' may not reach function type '"
              + namespace
              + "/"
              + type
              + "'");
    }
  }

  private boolean open(Guard guard) {
    return switch (guard) {
      case OPEN -> true;
      case INGRESS, DATA_READ -> ingressOpen;
      case STATE, ADMIN -> adminOpen;
      case METRICS -> metrics == null;
    };
  }

  @Override
  public void close() {
    if (watcher != null) {
      watcher.close();
    }
  }
}
