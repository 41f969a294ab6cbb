package io.eventide.gateway;

import static io.eventide.gateway.TokenFiles.entry;
import static io.eventide.gateway.TokenFiles.tokens;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rate limits per client: exact at the limit, 429 with {@code Retry-After} one past it, and one
 * client over its budget leaves the others theirs. Windows are ten minutes long so that no window
 * turns over while a test runs.
 */
class RateLimitsIT extends GatewayTestBase {
  @TempDir Path dir;

  void startWithTokens(GatewayConfig.RateLimit defaults, String... entries) {
    Path file = TokenFiles.write(dir.resolve("tokens.json"), tokens(entries));
    start(GatewayConfig.of("127.0.0.1", 0).withAccess(new GatewayConfig.Access(file, defaults)));
  }

  int sendAs(String token) {
    return post("/v1/send/shop/cart/a", "x", "Authorization", "Bearer " + token).statusCode();
  }

  @Test
  void theLimitIsExactAndPastItIs429WithRetryAfter() {
    startWithTokens(
        GatewayConfig.RateLimit.parse("1000/s"),
        entry("a", "a-secret", "ingress", "'rateLimit':'3/10m'"),
        entry("free", "free-secret", "ingress", "'rateLimit':'off'"),
        entry("b", "b-secret", "ingress", ""));

    assertThat(List.of(sendAs("a-secret"), sendAs("a-secret"), sendAs("a-secret")))
        .containsOnly(202);
    HttpResponse<String> past =
        post("/v1/send/shop/cart/a", "x", "Authorization", "Bearer a-secret");

    assertThat(past.statusCode()).isEqualTo(429);
    assertThat(errorCode(past)).isEqualTo("RATE_LIMITED");
    assertThat(errorMessage(past)).contains("'a'", "3/10m").doesNotContain("a-secret");
    long retryAfter = Long.parseLong(past.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isBetween(1L, 600L);
    assertThat(ingress.sent).hasSize(3);
    // Other tokens keep their own budgets; "off" has none.
    for (int i = 0; i < 10; i++) {
      assertThat(sendAs("free-secret")).isEqualTo(202);
      assertThat(sendAs("b-secret")).isEqualTo(202);
    }
  }

  @Test
  void oneClientFloodingDoesNotStarveAnother() throws Exception {
    startWithTokens(
        GatewayConfig.RateLimit.parse("50/10m"),
        entry("flood", "flood-secret", "ingress", ""),
        entry("quiet", "quiet-secret", "ingress", ""));
    AtomicBoolean quietDone = new AtomicBoolean();
    AtomicInteger floodAccepted = new AtomicInteger();
    AtomicInteger floodRefused = new AtomicInteger();
    ExecutorService flooders = Executors.newFixedThreadPool(4);
    List<CompletableFuture<Void>> floods = new ArrayList<>();
    try {
      for (int t = 0; t < 4; t++) {
        floods.add(
            CompletableFuture.runAsync(
                () -> {
                  // Bounded: stops when the quiet client is done, or after 8,000 requests.
                  for (int i = 0; i < 2_000 && !quietDone.get(); i++) {
                    int status = sendAs("flood-secret");
                    (status == 202 ? floodAccepted : floodRefused).incrementAndGet();
                  }
                },
                flooders));
      }

      // Each quiet request goes out after one more of the flood's was refused: same period.
      List<Integer> quiet = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        int refusedBefore = floodRefused.get();
        Awaitility.await()
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(2))
            .atMost(Duration.ofSeconds(20))
            .until(() -> floodRefused.get() > refusedBefore);
        quiet.add(sendAs("quiet-secret"));
      }
      quietDone.set(true);
      CompletableFuture.allOf(floods.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

      assertThat(quiet).hasSize(40).containsOnly(202);
      assertThat(floodAccepted.get()).isEqualTo(50);
      assertThat(floodRefused.get()).isGreaterThanOrEqualTo(40);
    } finally {
      flooders.shutdownNow();
    }
  }

  @Test
  void withoutTokensEachRemoteAddressHasItsOwnBudget() {
    start(
        GatewayConfig.of("127.0.0.1", 0)
            .withAccess(new GatewayConfig.Access(null, GatewayConfig.RateLimit.parse("2/10m"))));

    assertThat(sendFrom("127.0.0.1")).startsWith("HTTP/1.1 202");
    assertThat(sendFrom("127.0.0.1")).startsWith("HTTP/1.1 202");
    String past = sendFrom("127.0.0.1");
    assertThat(past).startsWith("HTTP/1.1 429").containsIgnoringCase("Retry-After: ");
    assertThat(sendFrom("127.0.0.2")).startsWith("HTTP/1.1 202");
    assertThat(sendFrom("127.0.0.2")).startsWith("HTTP/1.1 202");
    assertThat(sendFrom("127.0.0.2")).startsWith("HTTP/1.1 429");
    // Probes are never limited.
    assertThat(get("/health").statusCode()).isEqualTo(200);
  }

  /** A send from the loopback address {@code local}; the whole response. */
  private String sendFrom(String local) {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(local), 0));
      socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5_000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/send/shop/cart/a HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n"
                  + "Connection: close\r\n\r\nx")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
