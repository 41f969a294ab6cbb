package io.eventide.deploy;

import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.client.HttpAnswer;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A seeded workload over the example functions and the model of what it must leave behind, in the
 * spirit of Restate's verification runner: request-reply calls and sends to counters (state
 * increments), fan-outs (function-to-function messages), greetings (egress records and a message to
 * the greetings counter) and reminders (delayed messages that end in egress records). Every request
 * carries an idempotency key and is retried with it until the cluster accepts it, as a client of a
 * crashing cluster would; the model counts each request once.
 */
final class FaultWorkload {
  /** One request: a call or a send of {@code body} to {@code address}. */
  record Op(String address, String body, String contentType, String idempotencyKey, boolean call) {}

  private static final Duration OP_DEADLINE = Duration.ofSeconds(180);

  final List<Op> ops = new ArrayList<>();

  /** Counter id to the sum it must reach. */
  final Map<String, Long> totals = new TreeMap<>();

  /** Counter id to how many messages it must have handled (one "counts" record each). */
  final Map<String, Integer> increments = new TreeMap<>();

  final List<String> greetings = new ArrayList<>();
  final List<String> reminders = new ArrayList<>();

  FaultWorkload(long seed, int count) {
    Random random = new Random(seed);
    String prefix = "s" + seed + "-";
    for (int i = 0; i < count; i++) {
      String key = prefix + "op" + i;
      int kind = random.nextInt(10);
      if (kind < 3) {
        String counter = prefix + "c" + random.nextInt(12);
        long amount = 1 + random.nextInt(5);
        ops.add(
            new Op(
                "example/counter/" + counter,
                Long.toString(amount),
                "application/json",
                key,
                kind == 0));
        count(counter, amount);
      } else if (kind < 5) {
        List<String> targets = new ArrayList<>();
        for (int t = 0, n = 1 + random.nextInt(4); t < n; t++) {
          targets.add(prefix + "c" + random.nextInt(12));
        }
        long amount = 1 + random.nextInt(3);
        String body =
            "{\"targets\":["
                + String.join(",", targets.stream().map(t -> "\"" + t + "\"").toList())
                + "],\"amount\":"
                + amount
                + "}";
        ops.add(
            new Op(
                "example/fanout/" + prefix + "f" + i,
                body,
                "application/json",
                key,
                random.nextBoolean()));
        targets.forEach(t -> count(t, amount));
      } else if (kind < 8) {
        String name = prefix + "n" + i;
        ops.add(
            new Op(
                "example/greeter/" + prefix + "g" + i,
                name,
                "text/plain",
                key,
                random.nextBoolean()));
        greetings.add("Hello, " + name + "! (#1)");
        count("greetings", 1);
      } else {
        String id = prefix + "r" + i;
        long delay = 200 + random.nextInt(1800);
        ops.add(
            new Op(
                "example/reminder/" + id,
                Long.toString(delay),
                "application/json",
                key,
                random.nextBoolean()));
        reminders.add("reminder " + id);
      }
    }
  }

  private void count(String counter, long amount) {
    totals.merge(counter, amount, Long::sum);
    increments.merge(counter, 1, Integer::sum);
  }

  /**
   * Sends {@code op} through the gateway {@code gateway} names at each attempt until it is accepted
   * (202) or answered (200), retrying with the same idempotency key on a dead gateway or
   * 429/502/503/504. Any other answer is a bug: it fails at once.
   */
  static void run(Op op, Supplier<EventideClient> gateway) {
    long deadline = System.nanoTime() + OP_DEADLINE.toNanos();
    String path =
        (op.call() ? "/v1/call/" : "/v1/send/")
            + EventideClient.addressPath(op.address())
            + (op.call() ? "?timeout=10s" : "");
    byte[] body = op.body().getBytes(StandardCharsets.UTF_8);
    String last = "";
    for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
      try {
        HttpAnswer answer =
            gateway
                .get()
                .post(
                    path,
                    body,
                    op.contentType(),
                    null,
                    Boolean.getBoolean("fault.nokeys") ? null : op.idempotencyKey());
        if (answer.status() == 200 || answer.status() == 202) {
          return;
        }
        if (answer.status() != 429 && answer.status() < 502) {
          throw new AssertionError(op + " was answered " + answer.status() + ": " + answer.text());
        }
        last = answer.status() + " " + answer.text();
      } catch (UncheckedIOException e) {
        last = e.getMessage(); // the gateway is down: a client retries with the same key
      }
      // The client's backoff between retries, as any HTTP client of the cluster would have.
      LockSupport.parkNanos(
          Duration.ofMillis(Math.min(1_000, 50L << Math.min(attempt, 5))).toNanos());
    }
    throw new AssertionError(
        op + " was not accepted within " + OP_DEADLINE + "; last answer: " + last);
  }
}
