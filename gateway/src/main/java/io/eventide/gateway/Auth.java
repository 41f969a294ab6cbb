package io.eventide.gateway;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Bearer-token checks: the ingress token guards the data plane (send, call, ingress, egress), the
 * admin token the control plane (deployments, state, functions, cluster). A null token leaves its
 * plane open.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable.
 */
final class Auth {
  /** Which token a route needs. */
  enum Guard {
    OPEN,
    INGRESS,
    ADMIN
  }

  private static final String BEARER = "Bearer ";

  private final byte[] adminToken;
  private final byte[] ingressToken;

  Auth(String adminToken, String ingressToken) {
    this.adminToken = bytesOrNull(adminToken);
    this.ingressToken = bytesOrNull(ingressToken);
  }

  /** Throws 401 when a needed token is missing, 403 when it is wrong. */
  void check(HttpServerExchange exchange, Guard guard) {
    byte[] expected =
        switch (guard) {
          case OPEN -> null;
          case INGRESS -> ingressToken;
          case ADMIN -> adminToken;
        };
    if (expected == null) {
      return;
    }
    String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw new ApiException(
          401, "UNAUTHORIZED", "this endpoint needs 'Authorization: Bearer <token>'");
    }
    byte[] given = header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
    // Constant-time comparison, so response timing does not leak how much of a guess was right.
    if (!MessageDigest.isEqual(expected, given)) {
      throw new ApiException(403, "FORBIDDEN", "the bearer token is not valid for this endpoint");
    }
  }

  private static byte[] bytesOrNull(String token) {
    return token == null ? null : token.getBytes(StandardCharsets.UTF_8);
  }
}
