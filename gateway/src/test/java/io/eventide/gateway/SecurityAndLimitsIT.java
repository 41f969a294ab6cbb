package io.eventide.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.dispatcher.api.SendReceipt;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class SecurityAndLimitsIT extends GatewayTestBase {
  private static final GatewayConfig.Limits SMALL =
      new GatewayConfig.Limits(1024, 4096, 10, 4096, 1);

  @Test
  void tokensGuardTheirPlanes() {
    start(GatewayConfig.of("127.0.0.1", 0).withTokens("admin-secret", "ingress-secret"));

    HttpResponse<String> missing = post("/v1/send/shop/cart/a", "x");
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(errorCode(missing)).isEqualTo("UNAUTHORIZED");
    HttpResponse<String> wrong = post("/v1/send/shop/cart/a", "x", "Authorization", "Bearer nope");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(errorCode(wrong)).isEqualTo("UNAUTHORIZED");
    assertThat(wrong.body()).doesNotContain("nope");
    // The admin token may do everything, the data plane included.
    assertThat(
            post("/v1/send/shop/cart/a", "x", "Authorization", "Bearer admin-secret").statusCode())
        .isEqualTo(202);
    assertThat(
            post("/v1/send/shop/cart/a", "x", "Authorization", "Bearer ingress-secret")
                .statusCode())
        .isEqualTo(202);
    assertThat(get("/v1/egress/log").statusCode()).isEqualTo(401);

    assertThat(get("/v1/functions").statusCode()).isEqualTo(401);
    assertThat(
            send(request("/v1/functions").header("Authorization", "Bearer ingress-secret"))
                .statusCode())
        .isEqualTo(403);
    assertThat(send(request("/v1/functions").header("Authorization", "Bearer wrong")).statusCode())
        .isEqualTo(401);
    assertThat(
            send(request("/v1/cluster").header("Authorization", "Bearer admin-secret"))
                .statusCode())
        .isEqualTo(200);
    assertThat(get("/v1/state/shop/cart/a").statusCode()).isEqualTo(401);
    assertThat(get("/v1/deployments").statusCode()).isEqualTo(401);

    assertThat(get("/health").statusCode()).isEqualTo(200);
    assertThat(get("/ready").statusCode()).isEqualTo(200);
    assertThat(get("/metrics").statusCode()).isEqualTo(200);
    assertThat(get("/").statusCode()).isEqualTo(200);
    assertThat(ingress.sent).hasSize(2);
  }

  @Test
  void oversizedBodiesAre413WhetherTheLengthIsDeclaredOrNot() {
    start(GatewayConfig.of("127.0.0.1", 0).withLimits(SMALL));

    HttpResponse<String> declared = post("/v1/send/shop/cart/a", new byte[4096]);
    assertThat(declared.statusCode()).isEqualTo(413);
    assertThat(errorCode(declared)).isEqualTo("TOO_LARGE");

    HttpResponse<String> chunked =
        send(
            request("/v1/call/shop/cart/a")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(new byte[3000]))));
    assertThat(chunked.statusCode()).isEqualTo(413);
    assertThat(post("/v1/send/shop/cart/a", new byte[1024]).statusCode()).isEqualTo(202);
    assertThat(ingress.sent).hasSize(1);
    assertThat(ingress.calls).isEmpty();
  }

  @Test
  void requestsOverTheInFlightLimitGet429WithRetryAfter() {
    start(GatewayConfig.of("127.0.0.1", 0).withLimits(SMALL));
    CompletableFuture<SendReceipt> pending = new CompletableFuture<>();
    ingress.onSend = m -> pending;
    CompletableFuture<HttpResponse<String>> first =
        CLIENT.sendAsync(
            request("/v1/send/shop/cart/a").POST(HttpRequest.BodyPublishers.ofString("x")).build(),
            HttpResponse.BodyHandlers.ofString());
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !ingress.sent.isEmpty());

    HttpResponse<String> second = post("/v1/send/shop/cart/b", "x");

    assertThat(second.statusCode()).isEqualTo(429);
    assertThat(second.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(errorCode(second)).isEqualTo("OVERLOADED");
    assertThat(get("/health").statusCode()).isEqualTo(200); // probes are never refused

    pending.complete(new SendReceipt("m", false));
    assertThat(first.orTimeout(5, TimeUnit.SECONDS).join().statusCode()).isEqualTo(202);
    ingress.onSend = m -> CompletableFuture.completedFuture(new SendReceipt("n", false));
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> post("/v1/send/shop/cart/c", "x").statusCode() == 202);
  }

  @Test
  void unexpectedFailuresAre500WithoutDetails() {
    ingress.onSend =
        m -> {
          throw new IllegalStateException("secret internal detail");
        };

    HttpResponse<String> response = post("/v1/send/shop/cart/a", "x");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(errorCode(response)).isEqualTo("INTERNAL");
    assertThat(response.body()).doesNotContain("secret", "Exception", "at io.");
  }

  @Test
  void keepsServingAfterBadInput() {
    assertThat(raw("THIS IS NOT HTTP")).startsWith("HTTP/1.1 400");
    assertThat(raw("POST /v1/send/shop/cart/%zz HTTP/1.1\r\nHost: x\r\nContent-Length: 0"))
        .startsWith("HTTP/1.1 400");
    assertThat(post("/v1/ingress/s/events", "{{{{").statusCode()).isEqualTo(400);
    assertThat(post("/v1/send/shop/cart/a", "x", "X-Event-Time", "-5").statusCode()).isEqualTo(400);
    assertThat(raw("POST /v1/call/shop/cart/a?timeout=% HTTP/1.1\r\nHost: x\r\nContent-Length: 0"))
        .startsWith("HTTP/1.1 400");
    assertThat(get("/v1/send/shop/cart/a").statusCode()).isEqualTo(405);

    assertThat(post("/v1/send/shop/cart/a", "fine").statusCode()).isEqualTo(202);
    assertThat(post("/v1/call/shop/cart/a", "fine").body()).isEqualTo("pong");
    assertThat(ingress.sent).hasSize(1);
  }
}
