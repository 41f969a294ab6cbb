package io.eventide.dispatcher.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook on 127.0.0.1 that applies each record once by its {@code Idempotency-Key}, and that can
 * be told to misbehave: answer 503 or drop the connection at random, or answer one status to
 * everything.
 */
public final class TestSink implements AutoCloseable {
  /** One request as received. */
  public record Received(
      String idempotencyKey,
      String contentType,
      String eventTime,
      String key,
      String body,
      Map<String, List<String>> headers) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final Random random = new Random(42);
  private final List<Received> applied = new ArrayList<>();
  private final java.util.Set<String> appliedKeys = new java.util.HashSet<>();
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  private final Map<String, String> bodies = new ConcurrentHashMap<>();
  private volatile double failRate;
  private volatile double dropRate;
  private volatile int fixedStatus;

  public TestSink() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /** Answers 503 to {@code failRate} of requests and drops {@code dropRate} of connections. */
  public TestSink flaky(double failRate, double dropRate) {
    this.failRate = failRate;
    this.dropRate = dropRate;
    return this;
  }

  /** Answers {@code status} to every request (0: behave). */
  public TestSink answering(int status) {
    this.fixedStatus = status;
    return this;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream in = exchange.getRequestBody()) {
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
      double dice;
      synchronized (random) {
        dice = random.nextDouble();
      }
      if (key != null) {
        attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        String before = bodies.putIfAbsent(key, body);
        if (before != null && !before.equals(body)) {
          bodies.put(key, "MISMATCH");
        }
      }
      if (dice < dropRate) {
        return; // closed without an answer: the client sees the connection drop
      }
      int status = fixedStatus != 0 ? fixedStatus : dice < dropRate + failRate ? 503 : 200;
      if (status == 200 && key != null) {
        synchronized (applied) {
          if (appliedKeys.add(key)) {
            applied.add(
                new Received(
                    key,
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("X-Event-Time"),
                    exchange.getRequestHeaders().getFirst("X-Eventide-Key"),
                    body,
                    Map.copyOf(exchange.getRequestHeaders())));
          }
        }
      }
      byte[] answer =
          (status == 200 ? "ok" : "refused: " + status).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, answer.length);
      exchange.getResponseBody().write(answer);
    }
  }

  /** Records applied, each once, in the order they were first accepted. */
  public List<Received> applied() {
    synchronized (applied) {
      return List.copyOf(applied);
    }
  }

  /** Requests received per idempotency key. */
  public Map<String, AtomicInteger> attempts() {
    return attempts;
  }

  /** The body first received per key; "MISMATCH" when a retry carried another body. */
  public Map<String, String> bodies() {
    return bodies;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
