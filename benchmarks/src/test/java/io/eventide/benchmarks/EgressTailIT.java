package io.eventide.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.benchmarks.http.HttpPool;
import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The egress follower against a real Undertow server that pages a log the way the node does:
 * records keyed by (commit version, batch order, user version), offsets without the batch order.
 */
class EgressTailIT {

  /** One record of the log; its offset leaves the batch order out, as the node's does. */
  record Entry(long version, int batch, int user, long count) {
    long offset() {
      return version << 16 | user;
    }
  }

  private final List<Entry> log = new CopyOnWriteArrayList<>();
  private Undertow server;
  private int port;

  @BeforeEach
  void startServer() {
    server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(this::page).build();
    server.start();
    port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
  }

  @AfterEach
  void stopServer() {
    server.stop();
  }

  @Test
  void countsEachRecordOnceWhenCommitsShareAVersionAndResumingReadsSomeAgain() {
    log.addAll(
        List.of(
            new Entry(1, 0, 0, 3),
            new Entry(1, 0, 1, 4),
            new Entry(1, 0, 2, 5),
            new Entry(1, 1, 0, 6),
            new Entry(1, 1, 1, 7)));
    try (HttpPool pool = new HttpPool(port, 1, 1, 8)) {
      EgressTail tail = new EgressTail(pool, "window-counts", 0);
      tail.poll();
      assertThat(tail.firings()).isEqualTo(5);

      log.add(new Entry(2, 0, 0, 10));
      tail.poll(); // resumes at (1, 0, 2): reads (1, 0, 2), (1, 1, 0), (1, 1, 1) again

      assertThat(tail.firings()).isEqualTo(6);
      assertThat(tail.counted()).isEqualTo(35);
      tail.rescan();
      assertThat(tail.counted()).isEqualTo(35);
    }
  }

  @Test
  void aFiringWrittenTwiceCountsTwice() {
    log.addAll(List.of(new Entry(1, 0, 0, 3), new Entry(2, 0, 0, 3)));
    try (HttpPool pool = new HttpPool(port, 1, 1, 8)) {
      EgressTail tail = new EgressTail(pool, "window-counts", 0);
      tail.poll();

      assertThat(tail.firings()).isEqualTo(2);
      assertThat(tail.counted()).isEqualTo(6);
    }
  }

  /**
   * {@code GET /v1/egress/{name}?from=&limit=}: records from the first key at or after {@code
   * from}.
   */
  private void page(HttpServerExchange exchange) {
    long from = Long.parseLong(exchange.getQueryParameters().get("from").getFirst());
    int limit = Integer.parseInt(exchange.getQueryParameters().get("limit").getFirst());
    List<Entry> page =
        log.stream()
            .filter(
                e ->
                    e.version() > from >>> 16
                        || e.version() == from >>> 16
                            && (e.batch() > 0 || e.user() >= (from & 0xffff)))
            .limit(limit)
            .toList();
    long next = page.isEmpty() ? from : page.get(page.size() - 1).offset() + 1;
    String records =
        page.stream()
            .map(
                e ->
                    "{\"offset\":"
                        + e.offset()
                        + ",\"contentType\":\"application/json\",\"payload\":"
                        + "\"{\\\"key\\\":\\\"k\\\",\\\"start\\\":0,\\\"end\\\":1000,\\\"count\\\":"
                        + e.count()
                        + "}\",\"eventTime\":0}")
            .collect(Collectors.joining(","));
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseSender().send("{\"records\":[" + records + "],\"next\":" + next + "}");
  }
}
