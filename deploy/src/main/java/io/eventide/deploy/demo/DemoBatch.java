package io.eventide.deploy.demo;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The demo's throughput step: {@code events} NDJSON events spread over {@code counters} counters
 * through {@code POST /v1/ingress/demo/events}, then every counter's total checked.
 */
final class DemoBatch {
  private static final int EVENTS_PER_REQUEST = 1000;
  private static final Duration PROCESSING_TIMEOUT = Duration.ofMinutes(3);

  private final NodeView node;
  private final DemoScenario story;

  DemoBatch(NodeView node, DemoScenario story) {
    this.node = node;
    this.story = story;
  }

  void run(int events, int counters, String suffix) {
    story.step(
        "Ingesting "
            + events
            + " events for "
            + counters
            + " counters (NDJSON, POST /v1/ingress/demo/events)");
    String prefix = "example/counter/batch" + suffix + "-";
    long start = System.nanoTime();
    for (int first = 0; first < events; first += EVENTS_PER_REQUEST) {
      StringBuilder ndjson = new StringBuilder();
      for (int i = first; i < Math.min(events, first + EVENTS_PER_REQUEST); i++) {
        ndjson
            .append("{\"target\":\"")
            .append(prefix)
            .append(i % counters)
            .append("\",\"payload\":1,\"idempotencyKey\":\"demo")
            .append(suffix)
            .append('-')
            .append(i)
            .append("\"}\n");
      }
      NodeView.require(
          node.client().ingest("demo", ndjson.toString()), "POST /v1/ingress/demo/events");
    }
    long accepted = System.nanoTime();
    story.show(
        events
            + " events durable in "
            + millis(start, accepted)
            + " ms ("
            + rate(events, start, accepted)
            + " events/s)");
    long perCounter = events / counters;
    for (int k = 0; k < counters; k++) {
      String address = prefix + k;
      long expected = perCounter + (k < events % counters ? 1 : 0);
      Waits.until(
          address + " count = " + expected, PROCESSING_TIMEOUT, () -> atLeast(address, expected));
    }
    long done = System.nanoTime();
    story.show(
        "all processed "
            + millis(start, done)
            + " ms after the first event ("
            + rate(events, start, done)
            + " events/s end to end)");
    verifyExact(prefix, counters, events);
  }

  private void verifyExact(String prefix, int counters, int events) {
    long total = 0;
    for (int k = 0; k < counters; k++) {
      total += node.count(prefix + k).orElse(0);
    }
    DemoScenario.check(
        total == events, "counters hold " + total + " in total, expected exactly " + events);
    story.show("verified via GET /v1/state: " + counters + " counters sum to exactly " + total);
  }

  private Optional<Long> atLeast(String address, long expected) {
    OptionalLong count = node.count(address);
    return count.isPresent() && count.getAsLong() >= expected
        ? Optional.of(count.getAsLong())
        : Optional.empty();
  }

  private static long millis(long fromNanos, long toNanos) {
    return Math.max(1, (toNanos - fromNanos) / 1_000_000);
  }

  private static long rate(int events, long fromNanos, long toNanos) {
    return events * 1000L / millis(fromNanos, toNanos);
  }
}
