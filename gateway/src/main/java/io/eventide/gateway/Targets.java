package io.eventide.gateway;

import io.eventide.sdk.Address;
import io.undertow.server.HttpServerExchange;
import java.util.List;

/** Validates target addresses with the SDK's own rules, turning violations into 400s. */
final class Targets {
  private Targets() {}

  /** The address {@code ns/type/id}, or a 400 naming the bad part and the rule. */
  static Address address(String namespace, String type, String id) {
    try {
      return Address.of(namespace, type, id);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(e.getMessage());
    }
  }

  /** The 404 for a type no deployment serves. */
  static ApiException notServed(String typeName) {
    return ApiException.notFound(
        "function type '" + typeName + "' is not served by any deployment");
  }

  /**
   * Runs {@code next} once {@code typeName} is known to be served: at once when the cache knows it,
   * else after a fresh look-up on a worker thread; 404 when it is not served.
   */
  static void whenServed(
      HttpServerExchange exchange, ServedTypes served, String typeName, Exchanges.Work next)
      throws Exception {
    if (served.knowsAll(List.of(typeName))) {
      next.run(exchange);
      return;
    }
    Exchanges.blocking(
        exchange,
        ex -> {
          if (!served.served(typeName)) {
            throw notServed(typeName);
          }
          next.run(ex);
        });
  }
}
