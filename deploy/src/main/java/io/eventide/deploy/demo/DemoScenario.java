package io.eventide.deploy.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The demo's story, told against a running node: deploy the examples, then one step per example
 * function, each checking what it shows.
 */
final class DemoScenario {
  private static final Duration EFFECT_TIMEOUT = Duration.ofSeconds(60);
  private static final String JSON = "application/json";
  private static final String TEXT = "text/plain; charset=utf-8";

  private final NodeView node;
  private final PrintWriter out;
  private final String suffix;

  /** {@code suffix} keeps ids apart when the demo reuses a data dir ("" in a fresh one). */
  DemoScenario(NodeView node, PrintWriter out, String suffix) {
    this.node = node;
    this.out = out;
    this.suffix = suffix;
  }

  void deploy(Path examplesJar) {
    step("Deploying " + examplesJar.getFileName() + " (POST /v1/deployments)");
    JsonNode answer =
        NodeView.json(NodeView.require(node.client().deploy(examplesJar, "examples"), "deploy"));
    show(
        "deployment "
            + answer.path("deploymentId").asText()
            + " v"
            + answer.path("version").asText()
            + ", functions "
            + answer.path("functions"));
  }

  void counter() {
    String address = "example/counter/clicks" + suffix;
    step("Calling " + address + " with 1, 2, 3 (request-reply, state 'count')");
    long expected = 0;
    for (long amount = 1; amount <= 3; amount++) {
      expected += amount;
      String reply = node.call(address, Long.toString(amount), JSON);
      show("+" + amount + " -> reply " + reply);
      check(
          reply.equals(Long.toString(expected)),
          address + " replied " + reply + ", expected " + expected);
    }
    show("GET /v1/state/" + address + " -> count = " + node.count(address).orElse(-1));
    String id = address.substring(address.lastIndexOf('/') + 1);
    List<String> counts =
        Waits.until(
            "3 records of " + id + " in egress 'counts'",
            EFFECT_TIMEOUT,
            () -> {
              List<String> mine =
                  node.egress("counts").stream()
                      .filter(r -> r.startsWith("id=" + id + " "))
                      .toList();
              return mine.size() >= 3 ? Optional.of(mine) : Optional.empty();
            });
    counts.forEach(record -> show("egress counts: " + record));
  }

  void greeter() {
    String counter = "example/counter/greetings";
    long before = node.count(counter).orElse(0);
    step("Calling example/greeter (reply, egress 'greetings', message to " + counter + ")");
    for (String name : List.of("Ada", "Grace", "Ada")) {
      show(
          "greet "
              + name
              + " -> "
              + node.call("example/greeter/" + name.toLowerCase() + suffix, name, TEXT));
    }
    long total = waitForCount(counter, before + 3);
    show(counter + " count = " + total + " (one message per greeting, function to function)");
    List<String> greetings =
        Waits.until(
            "3 records in egress 'greetings'",
            EFFECT_TIMEOUT,
            () -> present(node.egress("greetings"), before + 3));
    greetings
        .subList(greetings.size() - 3, greetings.size())
        .forEach(record -> show("egress greetings: " + record));
  }

  void fanout() {
    List<String> targets = List.of("red" + suffix, "green" + suffix, "blue" + suffix);
    String body = "{\"targets\":[\"" + String.join("\",\"", targets) + "\"],\"amount\":5}";
    step("Calling example/fanout with " + body);
    show("reply: " + node.call("example/fanout/colours" + suffix, body, JSON) + " messages sent");
    for (String target : targets) {
      show(
          "example/counter/" + target + " count = " + waitForCount("example/counter/" + target, 5));
    }
  }

  void reminder() {
    String id = "tea" + suffix;
    step("Sending 1500 to example/reminder/" + id + " (sendAfter 1.5 s, then egress 'reminders')");
    long start = System.nanoTime();
    node.send("example/reminder/" + id, "1500", JSON);
    String record =
        Waits.until(
            "'reminder " + id + "' in egress 'reminders'",
            EFFECT_TIMEOUT,
            () -> node.egress("reminders").stream().filter(r -> r.contains(id)).findFirst());
    long millis = (System.nanoTime() - start) / 1_000_000;
    show("egress reminders: " + record + "  (after " + millis + " ms)");
    check(millis >= 1500, "reminder arrived after " + millis + " ms, before its 1500 ms delay");
  }

  void failing() {
    String id = "oops" + suffix;
    int before = node.egress("dead-letters").size();
    step("Sending to example/failing/" + id + " (always throws: retried, then dead-lettered)");
    node.send("example/failing/" + id, "\"boom\"", JSON);
    List<String> letters =
        Waits.until(
            "a new record in egress 'dead-letters'",
            EFFECT_TIMEOUT,
            () -> present(node.egress("dead-letters"), before + 1));
    show("egress dead-letters: " + abbreviate(letters.get(letters.size() - 1)));
  }

  private long waitForCount(String address, long expected) {
    return Waits.until(
        address + " count = " + expected,
        EFFECT_TIMEOUT,
        () -> {
          OptionalLong count = node.count(address);
          return count.isPresent() && count.getAsLong() >= expected
              ? Optional.of(count.getAsLong())
              : Optional.empty();
        });
  }

  private static Optional<List<String>> present(List<String> records, long atLeast) {
    return records.size() >= atLeast ? Optional.of(records) : Optional.empty();
  }

  private static String abbreviate(String text) {
    String line = text.replace('\n', ' ');
    return line.length() > 160 ? line.substring(0, 157) + "..." : line;
  }

  static void check(boolean condition, String failure) {
    if (!condition) {
      throw new DemoFailure(failure);
    }
  }

  void step(String title) {
    out.println();
    out.println("== " + title);
    out.flush();
  }

  void show(String line) {
    out.println("   " + line);
    out.flush();
  }
}
