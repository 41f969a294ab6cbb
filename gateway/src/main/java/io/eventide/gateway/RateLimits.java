package io.eventide.gateway;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Rate limits per client: a Resilience4j {@link RateLimiter} per token name, or per remote address
 * for a request without a token, so that one client over its budget is refused while the others
 * keep theirs. A request over the limit is answered 429 at once with {@code Retry-After} (the
 * seconds until the client's next window): the limiter is asked with a zero timeout, so an I/O
 * thread never waits in it.
 *
 * <p>At most {@link #MAX_CLIENTS} limiters are kept, the least recently used dropped first. A
 * dropped client starts a fresh window when it comes back: churning addresses can make limits more
 * lenient, never stricter for anyone.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe: the limiter map is guarded by its own lock, held only for a look-up or an insert;
 * each limiter is thread-safe itself.
 */
final class RateLimits {
  static final int MAX_CLIENTS = 10_000;

  private final GatewayConfig.RateLimit defaults;
  private final LongSupplier nanoTime;
  private final Map<String, Window> windows;

  /**
   * @param defaults the limit of clients without their own; null for none
   * @param maxClients how many clients' limiters are kept at most
   * @param nanoTime the clock, {@code System::nanoTime} outside tests
   */
  RateLimits(GatewayConfig.RateLimit defaults, int maxClients, LongSupplier nanoTime) {
    this.defaults = defaults;
    this.nanoTime = nanoTime;
    this.windows =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
            return size() > maxClients;
          }
        };
  }

  /**
   * Takes one request from the budget of {@code client} (null: the remote address's), or throws a
   * 429 {@link ApiException} after setting {@code Retry-After}.
   */
  void acquire(HttpServerExchange exchange, Client client) {
    GatewayConfig.RateLimit limit = limitOf(client);
    if (limit == null) {
      return; // the common case when limits are off: nothing computed, nothing kept
    }
    String key = client != null ? "token " + client.name() : "address " + address(exchange);
    Window window = window(key, limit);
    if (!window.limiter().acquirePermission()) {
      long seconds = window.secondsToNext(nanoTime.getAsLong());
      exchange.getResponseHeaders().put(Headers.RETRY_AFTER, Long.toString(seconds));
      throw new ApiException(
          429,
          "RATE_LIMITED",
          (client != null ? "token '" + client.name() + "'" : "this address")
              + " is over its rate limit of "
              + limit
              + "; retry in "
              + seconds
              + " s");
    }
  }

  /** The client's own limit, else the default; null for none. */
  private GatewayConfig.RateLimit limitOf(Client client) {
    if (client == null) {
      return defaults;
    } else if (client.unlimited()) {
      return null;
    }
    return client.rateLimit() != null ? client.rateLimit() : defaults;
  }

  private Window window(String key, GatewayConfig.RateLimit limit) {
    synchronized (windows) {
      Window window = windows.get(key);
      // A reload may have changed a token's limit: its new budget starts now.
      if (window == null || !window.limit().equals(limit)) {
        window = Window.start(key, limit, nanoTime);
        windows.put(key, window);
      }
      return window;
    }
  }

  int clients() {
    synchronized (windows) {
      return windows.size();
    }
  }

  static String address(HttpServerExchange exchange) {
    InetSocketAddress source = exchange.getSourceAddress();
    return source == null || source.getAddress() == null
        ? "unknown"
        : source.getAddress().getHostAddress();
  }

  /**
   * One client's limiter. Resilience4j refills a limiter's permits at the start of each period,
   * counted from its creation; {@code startNanos} is that creation, for {@code Retry-After}.
   */
  private record Window(GatewayConfig.RateLimit limit, RateLimiter limiter, long startNanos) {
    static Window start(String key, GatewayConfig.RateLimit limit, LongSupplier nanoTime) {
      RateLimiterConfig config =
          RateLimiterConfig.custom()
              .limitForPeriod(limit.permits())
              .limitRefreshPeriod(limit.period())
              .timeoutDuration(Duration.ZERO)
              .build();
      long start = nanoTime.getAsLong();
      return new Window(limit, RateLimiter.of(key, config, nanoTime::getAsLong), start);
    }

    /** Whole seconds, at least 1, until the next period's permits. */
    long secondsToNext(long now) {
      long period = limit.period().toNanos();
      long left = period - Math.floorMod(now - startNanos, period);
      return Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
    }
  }
}
