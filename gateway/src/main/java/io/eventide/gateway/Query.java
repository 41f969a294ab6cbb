package io.eventide.gateway;

import io.undertow.server.HttpServerExchange;
import java.util.Deque;

/** Query-string parameters, decoded strictly (the server leaves URLs undecoded). */
final class Query {
  private Query() {}

  /** The first value of {@code name}, decoded, or null when absent. */
  static String first(HttpServerExchange exchange, String name) {
    Deque<String> values = exchange.getQueryParameters().get(name);
    return values == null || values.isEmpty() ? null : PathCodec.decode(values.getFirst());
  }

  /** A long parameter in {@code [min, max]}, {@code fallback} when absent; 400 otherwise. */
  static long longParam(
      HttpServerExchange exchange, String name, long fallback, long min, long max) {
    String value = first(exchange, name);
    if (value == null) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below with the accepted range
    }
    throw ApiException.invalid(
        "query parameter '"
            + name
            + "' must be an integer in "
            + min
            + ".."
            + max
            + ", was '"
            + value
            + "'");
  }
}
