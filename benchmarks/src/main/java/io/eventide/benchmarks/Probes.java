package io.eventide.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventide.benchmarks.http.HttpPool;
import io.eventide.benchmarks.http.Request;
import io.eventide.benchmarks.http.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Read-only looks at the node: the {@code count} state of counter keys ({@code GET /v1/state}) and
 * the processed-messages counter on {@code /metrics}.
 *
 * <h2>Thread safety</h2>
 *
 * Safe for concurrent use (the pool is; the mapper is thread-safe once configured).
 */
final class Probes {

  static final String PROCESSED_METRIC = "eventide_messages_processed_total";
  static final String DEAD_LETTERED_METRIC = "eventide_messages_dead_lettered_total";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpPool pool;

  Probes(HttpPool pool) {
    this.pool = pool;
  }

  /** The longest wait between two looks at the processed counter. */
  static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  /** The counts of the given keys, read in parallel over the pool's connections. */
  long[] counts(Keys keys, int[] which) {
    List<CompletableFuture<Response>> futures = new ArrayList<>(which.length);
    for (int key : which) {
      futures.add(pool.submit(Request.get("/v1/state/" + keys.address(key))));
    }
    long[] counts = new long[which.length];
    for (int i = 0; i < which.length; i++) {
      counts[i] = countOf(await(futures.get(i)));
    }
    return counts;
  }

  /**
   * Messages the node has finished with, committed or dead-lettered ({@value #PROCESSED_METRIC}
   * plus {@value #DEAD_LETTERED_METRIC}), if the node exposes the former.
   */
  OptionalLong finishedMetric() {
    Response response = await(pool.submit(Request.get("/metrics")));
    if (!response.isSuccess()) {
      return OptionalLong.empty();
    }
    String text = response.text();
    OptionalLong processed = PrometheusText.sum(text, PROCESSED_METRIC);
    if (processed.isEmpty()) {
      return clusterProcessed();
    }
    return OptionalLong.of(
        processed.getAsLong() + PrometheusText.sum(text, DEAD_LETTERED_METRIC).orElse(0));
  }

  /**
   * A cluster's gateway has no processing counter of its own: its {@code GET /v1/cluster} gives
   * each dispatcher's, dead letters included. Without it, only a sweep of every key could tell when
   * the run is done, and the sweep's own time and CPU would count as processing.
   */
  private OptionalLong clusterProcessed() {
    Response response = await(pool.submit(Request.get("/v1/cluster")));
    if (!response.isSuccess()) {
      return OptionalLong.empty();
    }
    try {
      long sum = 0;
      boolean any = false;
      for (JsonNode node : JSON.readTree(response.body()).path("nodes")) {
        if (node.has("processed")) {
          sum += node.get("processed").asLong();
          any = true;
        }
      }
      return any ? OptionalLong.of(sum) : OptionalLong.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable cluster view " + response.text(), e);
    }
  }

  /**
   * Polls {@link #finishedMetric} until it has grown by {@code total} over {@code baseline}, at
   * least {@code pollNanos} and at most {@link #MAX_POLL_NANOS} apart ({@link PollPacing}); returns
   * the {@link System#nanoTime()} it first had, or -1 at {@code deadline}.
   */
  long awaitFinished(long baseline, long total, long pollNanos, long deadline) {
    long last = baseline;
    long lastAt = System.nanoTime();
    long wait = 0;
    while (System.nanoTime() < deadline) {
      OptionalLong now = finishedMetric();
      long at = System.nanoTime();
      if (now.isPresent() && now.getAsLong() - baseline >= total) {
        return at;
      }
      long seen = now.orElse(last);
      wait =
          PollPacing.waitNanos(
              baseline + total - seen, seen - last, at - lastAt, wait, pollNanos, MAX_POLL_NANOS);
      last = seen;
      lastAt = at;
      LockSupport.parkNanos(Math.min(wait, Math.max(0, deadline - at)));
    }
    return -1;
  }

  static long countOf(Response response) {
    if (!response.isSuccess()) {
      throw new IllegalStateException(
          "GET /v1/state answered " + response.status() + ": " + response.text());
    }
    try {
      JsonNode count = JSON.readTree(response.body()).path("values").path("count");
      if (count.isMissingNode() || count.isNull()) {
        return 0;
      }
      return count.isNumber() ? count.asLong() : Long.parseLong(count.asText().trim());
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable state " + response.text(), e);
    }
  }

  static Response await(CompletableFuture<Response> future) {
    try {
      return future.get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("request failed: " + e, e);
    }
  }
}
