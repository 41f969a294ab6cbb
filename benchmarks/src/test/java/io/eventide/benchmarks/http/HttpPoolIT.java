package io.eventide.benchmarks.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pooled client against a real Undertow server on 127.0.0.1. */
class HttpPoolIT {

  private final Set<Object> serverConnections = ConcurrentHashMap.newKeySet();
  private Undertow server;
  private int port;

  @BeforeEach
  void startServer() {
    server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(this::handle).build();
    server.start();
    port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
  }

  @AfterEach
  void stopServer() {
    server.stop();
  }

  private void handle(HttpServerExchange exchange) {
    serverConnections.add(exchange.getConnection());
    exchange
        .getRequestReceiver()
        .receiveFullBytes(
            (ex, body) -> {
              if (ex.getRequestPath().equals("/close")) {
                ex.getResponseHeaders().put(Headers.CONNECTION, "close");
              }
              ex.setStatusCode(ex.getRequestPath().equals("/missing") ? 404 : 200);
              String key = String.valueOf(ex.getRequestHeaders().getFirst("Idempotency-Key"));
              ex.getResponseSender()
                  .send(
                      ex.getRequestMethod()
                          + " "
                          + ex.getRequestPath()
                          + " "
                          + key
                          + " "
                          + new String(body, StandardCharsets.UTF_8));
            });
  }

  @Test
  void sendsBodiesAndHeadersAndReadsWholeResponses() throws Exception {
    byte[] big = "x".repeat(300_000).getBytes(StandardCharsets.UTF_8);
    try (HttpPool pool = new HttpPool(port, 2, 1, 100)) {
      Response post =
          pool.submit(Request.post("/a", "text/plain", big).withHeader("Idempotency-Key", "k1"))
              .get(10, TimeUnit.SECONDS);
      Response get = pool.submit(Request.get("/missing")).get(10, TimeUnit.SECONDS);

      assertThat(post.status()).isEqualTo(200);
      assertThat(post.text())
          .startsWith("POST /a k1 xxx")
          .hasSize("POST /a k1 ".length() + big.length);
      assertThat(get.status()).isEqualTo(404);
      assertThat(get.text()).isEqualTo("GET /missing null ");
    }
  }

  @Test
  void runsManyRequestsOverFewKeptAliveConnections() throws Exception {
    try (HttpPool pool = new HttpPool(port, 4, 1, 1000)) {
      List<CompletableFuture<Response>> futures = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        futures.add(
            pool.submit(
                Request.post("/n" + i, "text/plain", "1".getBytes(StandardCharsets.UTF_8))));
      }
      for (int i = 0; i < 500; i++) {
        assertThat(futures.get(i).get(10, TimeUnit.SECONDS).text())
            .isEqualTo("POST /n" + i + " null 1");
      }
      assertThat(serverConnections).hasSizeLessThanOrEqualTo(4);
    }
  }

  @Test
  void reconnectsWhenTheServerClosesTheConnection() throws Exception {
    try (HttpPool pool = new HttpPool(port, 1, 1, 10)) {
      for (int i = 0; i < 3; i++) {
        assertThat(pool.submit(Request.get("/close")).get(10, TimeUnit.SECONDS).status())
            .isEqualTo(200);
      }
      assertThat(pool.submit(Request.get("/after")).get(10, TimeUnit.SECONDS).text())
          .isEqualTo("GET /after null ");
      assertThat(serverConnections).hasSize(4);
    }
  }

  @Test
  void rejectsRequestsBeyondTheWaitingBound() {
    try (HttpPool pool = new HttpPool(port, 1, 1, 1)) {
      List<CompletableFuture<Response>> futures = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        futures.add(pool.submit(Request.get("/r" + i)));
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
          .handle((r, e) -> null)
          .join();
      assertThat(futures).anyMatch(CompletableFuture::isCompletedExceptionally);
      assertThat(futures).anyMatch(f -> !f.isCompletedExceptionally());
    }
  }
}
