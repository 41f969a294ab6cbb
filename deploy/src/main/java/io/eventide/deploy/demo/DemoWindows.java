package io.eventide.deploy.demo;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The demo's event-time step: a few out-of-order clicks for {@code bench/window-count} (one-second
 * tumbling windows) through NDJSON, one event arriving after its window has fired, then the end of
 * input; shows what each window counted and that the late event was left out.
 */
final class DemoWindows {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final NodeView node;
  private final DemoScenario story;

  DemoWindows(NodeView node, DemoScenario story) {
    this.node = node;
    this.story = story;
  }

  void run(String suffix) {
    String source = "demo-clicks" + suffix;
    String alice = "alice" + suffix;
    String bob = "bob" + suffix;
    story.step(
        "Counting clicks per 1 s event-time window (bench/window-count, NDJSON to /v1/ingress/"
            + source
            + ", watermark = max event time - 1 ms)");
    int before = node.egress("window-counts").size();
    String clicks =
        line(alice, 1_000)
            + line(bob, 1_200)
            + line(alice, 1_700)
            + line(alice, 1_400)
            + line(bob, 2_300)
            + line(alice, 900)
            + line(alice, 2_600);
    story.show(
        "events (key@ms, in ingest order): "
            + alice
            + "@1000 "
            + bob
            + "@1200 "
            + alice
            + "@1700 "
            + alice
            + "@1400 "
            + bob
            + "@2300 "
            + alice
            + "@900 (late: the watermark is 2299) "
            + alice
            + "@2600");
    NodeView.require(
        node.client().ingest(source, clicks), "POST /v1/ingress/" + source + "/events");
    NodeView.require(
        node.client()
            .post(
                "/v1/ingress/" + source + "/watermark",
                "{\"watermark\": 9223372036854775807}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "application/json",
                null,
                null),
        "POST /v1/ingress/" + source + "/watermark");
    List<String> fired =
        Waits.until(
            "4 window results in egress 'window-counts'",
            TIMEOUT,
            () -> {
              List<String> records = node.egress("window-counts");
              List<String> mine =
                  records.subList(Math.min(before, records.size()), records.size()).stream()
                      .filter(r -> r.contains("\"" + alice + "\"") || r.contains("\"" + bob + "\""))
                      .toList();
              return mine.size() >= 4 ? Optional.of(mine) : Optional.empty();
            });
    fired.forEach(record -> story.show("egress window-counts: " + record));
    DemoScenario.check(
        fired.stream()
            .anyMatch(
                r ->
                    r.contains("\"" + alice + "\"")
                        && r.contains("\"start\":1000")
                        && r.contains("\"count\":3")),
        alice + "'s window [1000, 2000) should count 3 clicks (the late one left out)");
  }

  private static String line(String key, long eventTime) {
    return "{\"target\":\"bench/window-count/"
        + key
        + "\",\"eventTime\":"
        + eventTime
        + ",\"payload\":1}\n";
  }
}
