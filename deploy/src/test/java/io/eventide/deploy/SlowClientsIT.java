package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.client.HttpAnswer;
import io.eventide.deploy.process.NodeProcess;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Clients that hold on to the node rather than send bad bytes: stalled and cut-off bodies, heads
 * sent a byte at a time, header floods, thousands of idle connections, bodies declared huge and
 * never sent, answers never read. The node runs with short timeouts (read 2 s, idle 3 s, the latter
 * from its environment twin), so every bound shows within seconds; each case must end within its
 * bound while others are served.
 */
class SlowClientsIT extends ExamplesNode {
  private static final Duration READ = Duration.ofSeconds(2);
  private static final Duration IDLE = Duration.ofSeconds(3);

  /** Scheduling slack on a busy two-core machine. */
  private static final Duration SLACK = Duration.ofSeconds(5);

  private static final String SEND = "POST /v1/send/example/counter/slow HTTP/1.1\r\nHost: x\r\n";

  @Override
  List<String> nodeArgs() {
    return List.of("--http-read-timeout", "2s");
  }

  @Override
  Map<String, String> nodeEnv() {
    return Map.of("EVENTIDE_HTTP_IDLE_TIMEOUT", "3s");
  }

  @Test
  void stalledBodiesAre408WithinTheReadTimeout() throws IOException {
    List<String> stalled =
        List.of(
            SEND + "Content-Length: 100\r\n\r\n12345",
            "POST /v1/ingress/slow/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"tar\r\n",
            "POST /v1/deployments HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nPK");
    for (String request : stalled) {
      try (Socket socket = RawHttp.connect(node.port(), READ.plus(SLACK))) {
        long start = System.nanoTime();
        RawHttp.write(socket, request);
        HttpAnswer answer = RawHttp.read(socket);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
            .isBetween(READ.minusMillis(500), READ.plus(SLACK));
        assertJsonError(answer, 408);
        RawHttp.awaitClosed(socket);
      }
    }
  }

  @Test
  void clientsLeavingMidBodyLeaveNothingBehind() throws IOException {
    for (int i = 0; i < 1100; i++) {
      try (Socket socket = RawHttp.connect(node.port(), SLACK)) {
        RawHttp.write(
            socket,
            i % 2 == 0
                ? SEND + "Content-Length: 100\r\n\r\n12"
                : SEND + "Transfer-Encoding: chunked\r\n\r\n10\r\n12");
      }
    }
    // More than the in-flight limit (1,024): were the abandoned requests still holding their
    // admission, every request from now on would be refused with 429.
    await()
        .atMost(SLACK)
        .untilAsserted(
            () ->
                assertThat(
                        request("POST", "/v1/send/example/counter/after", "1", Map.of()).status())
                    .isEqualTo(202));
  }

  @Test
  void headsSentAByteAtATimeAreCutOffAfterTheReadTimeout() throws Exception {
    try (Socket socket = RawHttp.connect(node.port(), SLACK)) {
      long start = System.nanoTime();
      byte[] head =
          ("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: " + "s".repeat(1000))
              .getBytes(StandardCharsets.US_ASCII);
      assertThatThrownBy(
              () -> {
                for (byte b : head) {
                  socket.getOutputStream().write(b);
                  socket.getOutputStream().flush();
                  Thread.sleep(
                      100); // pacing a slowloris client: a byte every 100 ms, never finishing
                  assertThat(Duration.ofNanos(System.nanoTime() - start))
                      .isLessThan(READ.plus(SLACK));
                  assertThat(client.get("/health").status())
                      .isEqualTo(200); // others are served meanwhile
                }
              })
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void headerFloodsAre400AndCloseTheConnection() throws IOException {
    String many =
        IntStream.range(0, 5000).mapToObj(i -> "X-H" + i + ": v\r\n").collect(Collectors.joining());
    List<String> floods =
        List.of(
            "GET /health HTTP/1.1\r\nHost: x\r\n" + many + "\r\n",
            "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(1 << 20) + "\r\n\r\n",
            "GET /health?" + "u".repeat(100 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /v1/egress/e?"
                + IntStream.range(0, 1000)
                    .mapToObj(i -> "p" + i + "=1")
                    .collect(Collectors.joining("&"))
                + " HTTP/1.1\r\nHost: x\r\n\r\n");
    for (String flood : floods) {
      try (Socket socket = RawHttp.connect(node.port(), SLACK)) {
        assertThat(refusal(socket, flood)).isIn(400, null); // Undertow's parser: no JSON body
        RawHttp.awaitClosed(socket);
      }
    }
  }

  @Test
  void trailerFloodsAreCutOffAfterTheUnreadBodyAllowance() throws IOException {
    // Undertow gathers a chunked body's trailers in memory; they count against the entity size.
    byte[] flood = "t".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
    for (String request : List.of(SEND, "GET /health HTTP/1.1\r\nHost: x\r\n")) {
      try (Socket socket = RawHttp.connect(node.port(), SLACK)) {
        RawHttp.write(
            socket, request + "Transfer-Encoding: chunked\r\n\r\n1\r\n1\r\n0\r\nX-Trailer: ");
        long sent = 0;
        try {
          while (sent < 256L << 20) {
            socket.getOutputStream().write(flood);
            sent += flood.length;
          }
        } catch (IOException cutOff) {
          // the node closed the connection: what this waits for
        }
        // 1 MiB allowed past the limit (1 MiB for a send, none for /health), plus what the two
        // sockets' buffers held before the close reached this side.
        assertThat(sent).as(request).isLessThan(64L << 20);
      }
    }
  }

  /**
   * The status the node refused {@code flood} with, or null when it closed the connection on the
   * part it had read so fast that the answer was lost with the reset of what was still coming.
   */
  private static Integer refusal(Socket socket, String flood) {
    try {
      RawHttp.write(socket, flood);
    } catch (IOException closedMidWay) {
      // the node stopped reading once past its bound: read what it answered, if anything
    }
    try {
      return RawHttp.read(socket).status();
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the node neither answered nor closed the connection", e);
    } catch (IOException reset) {
      return null;
    }
  }

  @Test
  void twoThousandIdleConnectionsAreClosedAndDoNotStopOthers() throws IOException {
    List<Socket> idle = new ArrayList<>();
    try {
      for (int i = 0; i < 2000; i++) {
        idle.add(RawHttp.connect(node.port(), IDLE.plus(SLACK).plus(SLACK)));
      }
      long start = System.nanoTime();
      HttpAnswer answer =
          client.call(
              "example/counter/among-idle",
              "1".getBytes(StandardCharsets.UTF_8),
              "application/json",
              null);
      assertThat(answer.status()).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(SLACK);
      for (Socket socket : idle) {
        RawHttp.awaitClosed(socket); // each read fails on its own timeout if the node keeps it
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(IDLE.plus(SLACK));
    } finally {
      for (Socket socket : idle) {
        socket.close();
      }
    }
  }

  @Test
  void bodiesDeclaredHugeButNeverSentCostNoMemory() throws Exception {
    // 40 x 64 MiB would be 2.5 GiB against the node's 512 MiB heap, were they allocated up front.
    List<Socket> claims = new ArrayList<>();
    try {
      for (int i = 0; i < 40; i++) {
        Socket socket = RawHttp.connect(node.port(), READ.plus(SLACK));
        RawHttp.write(
            socket,
            "POST /v1/ingress/claims/events HTTP/1.1\r\nHost: x\r\nContent-Length: "
                + (64 << 20)
                + "\r\n\r\n{");
        claims.add(socket);
      }
      assertThat(request("POST", "/v1/send/example/counter/claims", "1", Map.of()).status())
          .isEqualTo(202);
      for (Socket socket : claims) {
        assertJsonError(RawHttp.read(socket), 408);
      }
    } finally {
      for (Socket socket : claims) {
        socket.close();
      }
    }
  }

  @Test
  void aClientThatStopsReadingItsAnswerIsCutOff() throws Exception {
    // 240 greetings of 50 KiB: an egress page of 12 MiB, more than both sockets' buffers hold.
    byte[] name = "g".repeat(50 * 1024).getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 240; i++) {
      assertThat(
              client.send("example/greeter/reader-" + i, name, "text/plain", null, null).status())
          .isEqualTo(202);
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Json.egress(client, "greetings").size() >= 240);
    double answeredBefore = egressPagesAnswered();
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(4096);
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", node.port()));
      socket.setSoTimeout((int) SLACK.toMillis());
      RawHttp.write(socket, "GET /v1/egress/greetings?limit=10000 HTTP/1.1\r\nHost: x\r\n\r\n");
      // Nothing is read: the node gives up on the answer after the read timeout.
      await().atMost(READ.plus(SLACK)).until(() -> egressPagesAnswered() > answeredBefore);
      assertThat(RawHttp.awaitClosed(socket)).isLessThan(SLACK);
    }
  }

  /** How many egress pages the node has finished with (sent, or given up on), from /metrics. */
  private double egressPagesAnswered() {
    return client
        .get("/metrics")
        .text()
        .lines()
        .filter(
            line ->
                line.startsWith("eventide_gateway_requests_seconds_count{")
                    && line.contains("/v1/egress/{name}"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  @Test
  void pastTheConnectionLimitNewConnectionsWaitForOthersToClose() throws Exception {
    try (NodeProcess small =
        TestNodes.start(Map.of("EVENTIDE_HTTP_MAX_CONNECTIONS", "20"), tmp.resolve("small"))) {
      List<Socket> held = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        held.add(RawHttp.connect(small.port(), SLACK));
      }
      try (Socket waiting = RawHttp.connect(small.port(), Duration.ofSeconds(1))) {
        RawHttp.write(waiting, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThatThrownBy(() -> RawHttp.read(waiting)).isInstanceOf(SocketTimeoutException.class);
        for (Socket socket : held) {
          socket.close();
        }
        waiting.setSoTimeout((int) SLACK.toMillis());
        assertThat(RawHttp.read(waiting).status()).isEqualTo(200);
      }
      assertThat(new EventideClient(small.url(), null, null).get("/health").status())
          .isEqualTo(200);
    }
  }
}
