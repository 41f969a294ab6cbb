package io.eventide.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-client limiters on a manual clock: windows, Retry-After, bounds. */
class RateLimitsTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

  private static Client client(String name, String limit) {
    return new Client(
        name,
        Client.digest(name + "-token"),
        Role.INGRESS,
        Scope.ALL,
        limit == null ? null : GatewayConfig.RateLimit.parse(limit),
        false);
  }

  private static String retryAfter(HttpServerExchange exchange) {
    return exchange.getResponseHeaders().getFirst(Headers.RETRY_AFTER);
  }

  @Test
  void aWindowAllowsItsPermitsThenAnswers429UntilTheNextOne() {
    RateLimits limits = new RateLimits(null, 10, now::get);
    Client a = client("a", "3/10s");
    for (int i = 0; i < 3; i++) {
      limits.acquire(new HttpServerExchange(null), a);
    }
    HttpServerExchange fourth = new HttpServerExchange(null);
    assertThatThrownBy(() -> limits.acquire(fourth, a))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(429);
              assertThat(e.code()).isEqualTo("RATE_LIMITED");
            });
    assertThat(retryAfter(fourth)).isEqualTo("10");

    now.addAndGet(Duration.ofMillis(4_500).toNanos());
    HttpServerExchange later = new HttpServerExchange(null);
    assertThatThrownBy(() -> limits.acquire(later, a)).isInstanceOf(ApiException.class);
    assertThat(retryAfter(later)).isEqualTo("6");

    now.addAndGet(Duration.ofMillis(5_500).toNanos());
    for (int i = 0; i < 3; i++) {
      limits.acquire(new HttpServerExchange(null), a);
    }
    assertThatThrownBy(() -> limits.acquire(new HttpServerExchange(null), a))
        .isInstanceOf(ApiException.class);
  }

  @Test
  void aClientsOwnLimitWinsOverTheDefaultAndOffHasNone() {
    RateLimits limits = new RateLimits(GatewayConfig.RateLimit.parse("1/h"), 10, now::get);
    Client own = client("own", "2/h");
    Client unlimited =
        new Client("free", Client.digest("free-token"), Role.INGRESS, Scope.ALL, null, true);
    Client defaulted = client("plain", null);

    limits.acquire(new HttpServerExchange(null), own);
    limits.acquire(new HttpServerExchange(null), own);
    limits.acquire(new HttpServerExchange(null), defaulted);
    for (int i = 0; i < 1000; i++) {
      limits.acquire(new HttpServerExchange(null), unlimited);
    }

    assertThatThrownBy(() -> limits.acquire(new HttpServerExchange(null), own))
        .isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> limits.acquire(new HttpServerExchange(null), defaulted))
        .isInstanceOf(ApiException.class);
  }

  @Test
  void withoutAnyLimitNothingIsCountedOrKept() {
    RateLimits limits = new RateLimits(null, 10, now::get);
    for (int i = 0; i < 1000; i++) {
      limits.acquire(new HttpServerExchange(null), client("c" + i, null));
    }
    assertThat(limits.clients()).isZero();
  }

  @Test
  void theLimitersAreBoundedAndAChangedLimitStartsAFreshWindow() {
    RateLimits limits = new RateLimits(null, 2, now::get);
    limits.acquire(new HttpServerExchange(null), client("a", "1/h"));
    limits.acquire(new HttpServerExchange(null), client("b", "1/h"));
    limits.acquire(new HttpServerExchange(null), client("c", "1/h"));
    assertThat(limits.clients()).isEqualTo(2);

    assertThatThrownBy(() -> limits.acquire(new HttpServerExchange(null), client("c", "1/h")))
        .isInstanceOf(ApiException.class);
    // A reload raised c's limit: the new budget applies at once.
    limits.acquire(new HttpServerExchange(null), client("c", "2/h"));
  }

  @Test
  void rateLimitsParseAsWrittenInFlagsAndFiles() {
    assertThat(GatewayConfig.RateLimit.parse("1000/s"))
        .isEqualTo(new GatewayConfig.RateLimit(1000, Duration.ofSeconds(1)));
    assertThat(GatewayConfig.RateLimit.parse("50/100ms"))
        .isEqualTo(new GatewayConfig.RateLimit(50, Duration.ofMillis(100)));
    assertThat(GatewayConfig.RateLimit.parse("3/10m").toString()).isEqualTo("3/10m");
    assertThat(GatewayConfig.RateLimit.parse("60/m").period()).isEqualTo(Duration.ofMinutes(1));
    assertThatThrownBy(() -> GatewayConfig.RateLimit.parse("0/s"))
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> GatewayConfig.RateLimit.parse("5/0s"))
        .hasMessageContaining("1ms to 1d");
    assertThatThrownBy(() -> GatewayConfig.RateLimit.parse("5/2d"))
        .hasMessageContaining("must be N/s");
    assertThatThrownBy(() -> GatewayConfig.RateLimit.parse("fast"))
        .hasMessageContaining("rate limit 'fast' must be N/s, N/m, N/h or N/<duration>");
  }
}
