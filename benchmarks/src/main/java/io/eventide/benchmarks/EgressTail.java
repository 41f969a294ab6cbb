package io.eventide.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventide.benchmarks.http.HttpPool;
import io.eventide.benchmarks.http.Request;
import io.eventide.benchmarks.http.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Follows a log egress of window results ({@code GET /v1/egress/{name}}), each record's payload a
 * JSON object with a {@code count}, and keeps the number of records (firings) and the sum of their
 * counts. {@link #poll} fetches only what was appended since the last poll.
 *
 * <p>Records are told apart by offset and payload, so that a page boundary read twice (nodes before
 * the egress paging fix resumed inside a commit group from its start) cannot inflate the counts. A
 * firing written twice still counts twice: its second record has an offset of its own.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe: one thread polls.
 */
final class EgressTail {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PAGE = 10_000;
  // How often the egress is read while windows fire; each record is read once whatever the pace.
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  // Without progress for this long, the egress is read again from the start (see rescan).
  private static final long RESCAN_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final HttpPool pool;
  private final String path;
  private final long from;
  private final Set<String> seen = new HashSet<>();
  private long next;
  private long firings;
  private long counted;

  /** Starts at {@code from}, the first offset that belongs to this run. */
  EgressTail(HttpPool pool, String egress, long from) {
    this.pool = pool;
    this.path = "/v1/egress/" + URLEncoder.encode(egress, StandardCharsets.UTF_8);
    this.from = from;
    this.next = from;
  }

  /** The offset after the last record {@code egress} holds now: a run's records come after it. */
  static long end(HttpPool pool, String egress) {
    EgressTail tail = new EgressTail(pool, egress, 0);
    while (tail.page(false) == PAGE) {
      // keep paging to the end
    }
    return tail.next;
  }

  /** Reads every record appended since the last poll. */
  void poll() {
    while (page(true) == PAGE) {
      // a full page: there may be more
    }
  }

  /**
   * Forgets what was read and reads everything again from the first offset of the run: a record
   * that became visible after a later one was read would otherwise never be counted.
   */
  void rescan() {
    next = from;
    seen.clear();
    firings = 0;
    counted = 0;
    poll();
  }

  /**
   * Polls every {@code POLL_NANOS} until the counts add up to {@code events}; returns the {@link
   * System#nanoTime()} they first did, or -1 at {@code deadline}. Without progress for {@code
   * RESCAN_NANOS} the egress is read again from the run's start (see {@link #rescan}).
   */
  long awaitCounted(long events, long deadline) {
    long lastProgress = System.nanoTime();
    long lastCounted = -1;
    while (System.nanoTime() < deadline) {
      poll();
      long now = System.nanoTime();
      if (counted >= events) {
        return now;
      }
      if (counted != lastCounted) {
        lastCounted = counted;
        lastProgress = now;
      } else if (now - lastProgress > RESCAN_NANOS) {
        rescan();
        lastProgress = now;
        continue;
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
    return -1;
  }

  long firings() {
    return firings;
  }

  long counted() {
    return counted;
  }

  private int page(boolean tally) {
    Response response =
        Probes.await(pool.submit(Request.get(path + "?from=" + next + "&limit=" + PAGE)));
    if (!response.isSuccess()) {
      throw new IllegalStateException(
          "GET " + path + " answered " + response.status() + ": " + response.text());
    }
    try {
      JsonNode page = JSON.readTree(response.body());
      JsonNode records = page.path("records");
      if (tally) {
        for (JsonNode record : records) {
          String payload = record.path("payload").asText();
          if (seen.add(record.path("offset").asLong() + " " + payload)) {
            firings++;
            counted += JSON.readTree(payload).path("count").asLong();
          }
        }
      }
      next = Math.max(next, page.path("next").asLong(next));
      return records.size();
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable egress page from " + path, e);
    }
  }
}
