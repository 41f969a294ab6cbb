package io.eventide.gateway;

import java.util.Locale;

/**
 * What a token may do. {@code admin} reaches every endpoint; {@code ingress} the data plane the
 * ingress token has always guarded (send, call, batches, watermarks, source status, egress
 * records); {@code read} only that plane's reads and state queries. The matrix and its reasons:
 * {@code docs/decisions/scoped-tokens.md}.
 */
enum Role {
  ADMIN,
  INGRESS,
  READ;

  /** The role written {@code text} in a tokens file. */
  static Role parse(String text) {
    for (Role role : values()) {
      if (role.label().equals(text)) {
        return role;
      }
    }
    throw new IllegalArgumentException("role '" + text + "' must be one of admin, ingress, read");
  }

  /** Whether this role may use a route that {@code guard} protects. */
  boolean may(Auth.Guard guard) {
    return switch (guard) {
      case OPEN -> true;
      case INGRESS -> this == ADMIN || this == INGRESS;
      case DATA_READ -> true;
      case STATE -> this == ADMIN || this == READ;
      case ADMIN, METRICS -> this == ADMIN;
    };
  }

  /** The name as written in a tokens file. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
