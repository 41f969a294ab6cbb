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
 * the greetings counter), reminders (delayed messages that end in egress records) and windows
 * (NDJSON events into the source {@value #WINDOW_SOURCE}, counted in one-second tumbling event-time
 * windows by {@code bench/window-count}; the workload's last window op moves the source's watermark
 * past them all, so event-time timers fire every window once). Window ops go in order through one
 * client ({@link #windowOps}), their event times rising from {@code windowBase}, so none is late.
 * Every request carries an idempotency key (an NDJSON event, one each) and is retried with it until
 * the cluster accepts it, as a client of a crashing cluster would; the model counts each request
 * once.
 */
final class FaultWorkload {
  /**
   * One request: a call or a send of {@code body} to {@code address}; or, when {@code source} is
   * set, NDJSON events {@code body} into that source followed by its end of input.
   */
  record Op(
      String address,
      String body,
      String contentType,
      String idempotencyKey,
      boolean call,
      String source) {
    Op(String address, String body, String contentType, String idempotencyKey, boolean call) {
      this(address, body, contentType, idempotencyKey, call, null);
    }
  }

  /** A window of one key and the count it must fire with, once. */
  record Window(String key, long start, long count) {}

  /** The one source of every window op: its order is the order of the window ops. */
  static final String WINDOW_SOURCE = "fault-windows";

  private static final Duration OP_DEADLINE = Duration.ofSeconds(180);

  final List<Op> ops = new ArrayList<>();

  /** Counter id to the sum it must reach. */
  final Map<String, Long> totals = new TreeMap<>();

  /** Counter id to how many messages it must have handled (one "counts" record each). */
  final Map<String, Integer> increments = new TreeMap<>();

  final List<String> greetings = new ArrayList<>();
  final List<String> reminders = new ArrayList<>();
  final List<Window> windows = new ArrayList<>();

  /** The window ops, to be run one after another in this order, after the others started. */
  final List<Op> windowOps = new ArrayList<>();

  /** The event time of the last window event so far. */
  private long windowTime;

  /**
   * @param windowBase the event time window ops start after: above every earlier workload's on the
   *     same cluster, since the source's watermark never goes back
   */
  FaultWorkload(long seed, int count, long windowBase) {
    Random random = new Random(seed);
    windowTime = windowBase;
    String prefix = "s" + seed + "-";
    for (int i = 0; i < count; i++) {
      String key = prefix + "op" + i;
      int kind = random.nextInt(11);
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
      } else if (kind == 8) {
        windowOps.add(windowed(random, prefix + "w" + i, key));
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

  /** Events of two or three keys over a few seconds of event time, after every earlier one. */
  private Op windowed(Random random, String id, String key) {
    StringBuilder ndjson = new StringBuilder();
    Map<String, Long> counts = new TreeMap<>();
    int keys = 2 + random.nextInt(2);
    for (int e = 0, n = 10 + random.nextInt(30); e < n; e++) {
      windowTime += random.nextInt(400);
      String windowKey = id + "-k" + random.nextInt(keys);
      ndjson
          .append("{\"target\":\"bench/window-count/")
          .append(windowKey)
          .append("\",\"eventTime\":")
          .append(windowTime)
          .append(",\"payload\":1,\"idempotencyKey\":\"")
          .append(key)
          .append('-')
          .append(e)
          .append("\"}\n");
      counts.merge(windowKey + "@" + (windowTime - windowTime % 1_000), 1L, Long::sum);
    }
    counts.forEach(
        (window, n) -> {
          int at = window.indexOf('@');
          windows.add(
              new Window(window.substring(0, at), Long.parseLong(window.substring(at + 1)), n));
        });
    return new Op(null, ndjson.toString(), "application/x-ndjson", key, false, WINDOW_SOURCE);
  }

  /** The op that moves the window source's watermark past every window of this workload. */
  Op fireWindows() {
    return new Op(
        null,
        "{\"watermark\":" + (windowTime - windowTime % 1_000 + 1_000) + "}",
        "application/json",
        null,
        false,
        WINDOW_SOURCE);
  }

  /** Where the next workload's window events may start. */
  long windowsEnd() {
    return windowTime + 1_000;
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
    if (op.source() != null) {
      String ingress = "/v1/ingress/" + op.source();
      boolean events = op.contentType().equals("application/x-ndjson");
      post(op, ingress + (events ? "/events" : "/watermark"), op.body(), null, gateway, deadline);
      return;
    }
    String path =
        (op.call() ? "/v1/call/" : "/v1/send/")
            + EventideClient.addressPath(op.address())
            + (op.call() ? "?timeout=10s" : "");
    post(
        op,
        path,
        op.body(),
        Boolean.getBoolean("fault.nokeys") ? null : op.idempotencyKey(),
        gateway,
        deadline);
  }

  private static void post(
      Op op,
      String path,
      String text,
      String idempotencyKey,
      Supplier<EventideClient> gateway,
      long deadline) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    String contentType = op.contentType();
    String last = "";
    for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
      try {
        HttpAnswer answer = gateway.get().post(path, body, contentType, null, idempotencyKey);
        if (answer.status() == 200 || answer.status() == 202 || answer.status() == 204) {
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
