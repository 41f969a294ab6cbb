package io.eventide.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.dispatcher.api.CallReply;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The connection timeouts bound clients, not handlers: a reply may take longer than both, a slow
 * body is read whole while it keeps up the minimum rate, and a stalled body frees its admission.
 */
class ConnectionTimeoutsIT extends GatewayTestBase {
  private static final Duration SHORT = Duration.ofMillis(300);

  @Test
  void aSlowReplyOutlivesTheIdleAndReadTimeoutsOnAReusedConnection() throws IOException {
    start(configWith(GatewayConfig.Limits.defaults()));
    ingress.onCall =
        (message, timeout) ->
            CompletableFuture.supplyAsync(
                () -> new CallReply("late".getBytes(StandardCharsets.UTF_8), "text/plain"),
                CompletableFuture.delayedExecutor(5 * SHORT.toMillis(), TimeUnit.MILLISECONDS));

    try (Socket socket = socket()) {
      write(socket, "POST /v1/send/shop/cart/a HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n1");
      assertThat(readAnswer(socket)).startsWith("HTTP/1.1 202");
      write(socket, "POST /v1/call/shop/cart/a HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n1");
      assertThat(readAnswer(socket)).startsWith("HTTP/1.1 200").endsWith("late");
    }
  }

  @Test
  void aSlowBodyIsReadWholeWhileItKeepsUpTheMinimumRate() throws Exception {
    start(configWith(GatewayConfig.Limits.defaults()));
    String chunk = "c".repeat(100);

    try (Socket socket = socket()) {
      write(
          socket, "POST /v1/send/shop/cart/a HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n");
      for (int i = 0; i < 10; i++) {
        Thread.sleep(
            SHORT.toMillis() / 3); // pacing a slow client: 1,000 bytes/s, three read timeouts
        write(socket, chunk);
      }
      assertThat(readAnswer(socket)).startsWith("HTTP/1.1 202");
    }
    assertThat(ingress.sent.get(0).payload()).hasSize(1000);
  }

  @Test
  void aBodyTricklingSlowerThanTheMinimumRateIs408WithoutAnyLongGap() throws Exception {
    start(configWith(GatewayConfig.Limits.defaults()));

    try (Socket socket = socket()) {
      write(
          socket, "POST /v1/send/shop/cart/a HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n");
      String answer = null;
      for (int i = 0; i < 30 && answer == null; i++) {
        Thread.sleep(SHORT.toMillis() / 3); // a byte per gap, each gap well inside the read timeout
        write(socket, "t");
        answer = socket.getInputStream().available() > 0 ? readAnswer(socket) : null;
      }
      assertThat(answer).startsWith("HTTP/1.1 408").contains("slower than 500 bytes a second");
    }
    assertThat(ingress.sent).isEmpty();
  }

  @Test
  void aStalledBodyIs408AndFreesItsAdmission() throws IOException {
    start(configWith(new GatewayConfig.Limits(1024, 4096, 10, 4096, 1)));

    try (Socket socket = socket()) {
      write(
          socket, "POST /v1/send/shop/cart/a HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n12");
      String answer = readAnswer(socket);
      assertThat(answer)
          .startsWith("HTTP/1.1 408")
          .contains("Connection: close")
          .contains("stalled");
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
    }
    // The one admission the limits allow is free again.
    assertThat(post("/v1/send/shop/cart/b", "x").statusCode()).isEqualTo(202);
  }

  private GatewayConfig configWith(GatewayConfig.Limits limits) {
    return GatewayConfig.of("127.0.0.1", 0)
        .withLimits(limits)
        .withConnections(new GatewayConfig.Connections(SHORT, SHORT, 100));
  }

  private Socket socket() throws IOException {
    Socket socket = new Socket("127.0.0.1", gateway.port());
    socket.setSoTimeout(10_000);
    return socket;
  }

  private static void write(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** One answer with a Content-Length body, leaving the connection open. */
  private static String readAnswer(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed after: " + head);
      }
      head.append((char) b);
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }
}
