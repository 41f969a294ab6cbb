package io.eventide.deploy.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.deploy.Launcher;
import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eventide ingest} against a node stand-in on 127.0.0.1 that turns batches away with 429 and
 * {@code Retry-After}, or is not there yet: the command waits as told, sends each batch again with
 * the same lines and keys, and keeps the file's order. (The real node's batches and limits are in
 * {@code BoundedInputIT}.)
 */
class IngestCommandTest {
  private final List<String> batches = new CopyOnWriteArrayList<>();
  private final List<Long> arrivals = new CopyOnWriteArrayList<>();
  private final AtomicInteger refuse = new AtomicInteger();
  private Undertow server;

  @TempDir Path tmp;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  private void start(int port) {
    server =
        Undertow.builder()
            .addHttpListener(port, "127.0.0.1")
            .setHandler(
                exchange -> {
                  if (exchange.isInIoThread()) {
                    exchange.dispatch(this::answer);
                    return;
                  }
                  answer(exchange);
                })
            .build();
    server.start();
  }

  private int port() {
    return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
  }

  private void answer(HttpServerExchange exchange) {
    exchange.startBlocking();
    String body;
    try {
      body = new String(exchange.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    arrivals.add(System.nanoTime());
    exchange.getResponseHeaders().put(new HttpString("Content-Type"), "application/json");
    if (refuse.getAndDecrement() > 0) {
      exchange.setStatusCode(429);
      exchange.getResponseHeaders().put(new HttpString("Retry-After"), "1");
      exchange.getResponseSender().send("{\"error\":{\"code\":\"OVERLOADED\",\"message\":\"x\"}}");
      return;
    }
    batches.add(body);
    exchange.setStatusCode(202);
    long lines = body.lines().count();
    exchange.getResponseSender().send("{\"accepted\":" + lines + "}");
  }

  private Path file(int lines) throws IOException {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < lines; i++) {
      events.add("{\"target\":\"example/counter/c\",\"payload\":" + i + "}");
    }
    return Files.write(tmp.resolve("events.ndjson"), events, StandardCharsets.UTF_8);
  }

  private int run(String url, Path file, String... more) {
    List<String> args =
        new ArrayList<>(List.of("ingest", file.toString(), "--source", "s", "--url", url));
    args.addAll(List.of(more));
    return Launcher.commandLine()
        .setOut(new PrintWriter(new StringWriter()))
        .setErr(new PrintWriter(new StringWriter()))
        .execute(args.toArray(String[]::new));
  }

  @Test
  void a429IsRetriedAfterItsRetryAfterWithTheSameLinesAndKeys() throws Exception {
    start(0);
    refuse.set(2);
    int exit = run("http://127.0.0.1:" + port(), file(5), "--batch", "2");

    assertThat(exit).isZero();
    assertThat(batches).hasSize(3);
    assertThat(arrivals).hasSize(5);
    // Retry-After: 1 between the refusals and the retries.
    assertThat(TimeUnit.NANOSECONDS.toMillis(arrivals.get(2) - arrivals.get(0)))
        .isGreaterThanOrEqualTo(1_900);
    assertThat(batches.get(0))
        .contains("\"idempotencyKey\":\"s:")
        .contains(":1\",\"target\"")
        .contains(":2\",\"target\"");
    assertThat(String.join("", batches).lines().map(l -> l.replaceAll(".*payload\":", "")))
        .containsExactly("0}", "1}", "2}", "3}", "4}");
  }

  @Test
  void aNodeNotThereYetIsRetriedUntilItIs() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Path file = file(3);
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(() -> run("http://127.0.0.1:" + port, file));
    // The command has tried and failed to connect at least once before the node comes up.
    org.awaitility.Awaitility.await()
        .pollDelay(java.time.Duration.ofMillis(300))
        .atMost(java.time.Duration.ofSeconds(5))
        .until(() -> !exit.isDone());
    start(port);

    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(batches).hasSize(1);
  }

  @Test
  void keysAreAddedOnlyToLinesWithoutOne() {
    assertThat(NdjsonFile.withKey("{\"a\":1}", "k"))
        .isEqualTo("{\"idempotencyKey\":\"k\",\"a\":1}");
    assertThat(NdjsonFile.withKey("{}", "k")).isEqualTo("{\"idempotencyKey\":\"k\"}");
    String keyed = "{\"idempotencyKey\":\"mine\",\"a\":1}";
    assertThat(NdjsonFile.withKey(keyed, "k")).isEqualTo(keyed);
    String nested = "{\"payload\":{\"idempotencyKey\":\"inner\"}}";
    assertThat(NdjsonFile.withKey(nested, "k")).startsWith("{\"idempotencyKey\":\"k\",");
  }
}
