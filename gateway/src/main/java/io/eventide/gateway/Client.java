package io.eventide.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A known token: its name, what it may do, and how often. Only the token's SHA-256 digest is kept,
 * so that comparing takes the same time whatever the presented token's length and content, and a
 * heap dump holds no token.
 *
 * @param name shown in errors, logs and rate-limiter keys in place of the token
 * @param digest SHA-256 of the token's UTF-8 bytes
 * @param role what it may do
 * @param scope the function types it may reach
 * @param rateLimit its own rate limit; null for the gateway's default
 * @param unlimited true when its tokens file entry says {@code "rateLimit": "off"}
 */
record Client(
    String name,
    byte[] digest,
    Role role,
    Scope scope,
    GatewayConfig.RateLimit rateLimit,
    boolean unlimited) {

  /** An entry of the two flag tokens: every type, the default rate limit. */
  static Client ofFlag(String name, String token, Role role) {
    return new Client(name, digest(token), role, Scope.ALL, null, false);
  }

  /** Whether {@code digest} is this client's token's, compared in constant time. */
  boolean matches(byte[] digest) {
    return MessageDigest.isEqual(digest(), digest);
  }

  /** SHA-256 of {@code token}'s UTF-8 bytes. */
  static byte[] digest(String token) {
    return sha256(token.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256 (MessageDigest's Javadoc).
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  // The default would print the digest's identity; the name says all a log needs.
  @Override
  public String toString() {
    return "Client[" + name + ", " + role.label() + "]";
  }
}
