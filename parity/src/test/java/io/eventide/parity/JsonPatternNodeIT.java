package io.eventide.parity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.client.HttpAnswer;
import io.eventide.sdk.Address;
import io.eventide.sdk.Types;
import io.eventide.sdk.cep.JsonPattern;
import io.eventide.sdk.cep.JsonPatternVersions;
import io.eventide.sdk.testing.FunctionTestDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JSON pattern attached to a node at run time and changed while events flow, across a restart of
 * the node: the firings of the old version are exactly those of a reference run of the old pattern
 * alone over the same events, restricted to partial matches that started before the key took the
 * change, and the new version's exactly the reference run of the new pattern's that started after;
 * partial matches open at the restart complete once. The references run in this process with the
 * same engine ({@link JsonPatternVersions} in the {@link FunctionTestDriver}), one pattern each.
 */
class JsonPatternNodeIT {
  private static final String SOURCE = "txns";
  private static final int EVENTS = 2_000;
  private static final int KEYS = 20;
  private static final Duration SETTLE = Duration.ofSeconds(90);

  static final String V1 =
      "{\"input\": \"fraud/card\", \"pattern\": {\"steps\": ["
          + "{\"name\": \"small\", \"where\": {\"field\": \"amount\", \"op\": \"<\", \"value\": 10}},"
          + "{\"name\": \"big\", \"contiguity\": \"followedBy\","
          + " \"where\": {\"field\": \"amount\", \"op\": \">\", \"value\": 250}}],"
          + " \"within\": 120}, \"output\": {\"egress\": \"alerts\", \"timeouts\": true}}";

  static final String V2 =
      "{\"input\": \"fraud/card\", \"pattern\": {\"steps\": ["
          + "{\"name\": \"small\", \"where\": {\"field\": \"amount\", \"op\": \"<\", \"value\": 30}},"
          + "{\"name\": \"mid\", \"contiguity\": \"followedBy\","
          + " \"where\": {\"field\": \"amount\", \"op\": \">=\", \"value\": 100},"
          + " \"quantifier\": {\"times\": 2}},"
          + "{\"name\": \"big\", \"contiguity\": \"followedBy\","
          + " \"where\": {\"field\": \"amount\", \"op\": \">\", \"value\": 280}}],"
          + " \"within\": 200}, \"output\": {\"egress\": \"alerts\", \"timeouts\": true}}";

  record Event(String key, long time, int amount) {
    String body() {
      return "{\"amount\":" + amount + ",\"t\":" + time + "}";
    }
  }

  @Test
  void aPatternChangedWhileEventsFlowFiresExactlyAsTheOldThenTheNew(@TempDir Path tmp) {
    List<Event> events = new ArrayList<>();
    Random random = new Random(22);
    for (int i = 0; i < EVENTS; i++) {
      events.add(new Event("k" + random.nextInt(KEYS), i + 1, random.nextInt(300)));
    }
    Map<String, List<String>> old = byKey(reference(V1, events));
    Map<String, List<String>> changed = byKey(reference(V2, events));
    List<String> sources = List.of(EventideNode.sourceSpec(SOURCE, 5));
    Path data = tmp.resolve("node");

    try (EventideNode node = EventideNode.start(data, sources)) {
      EventideClient client = node.client();
      JsonNode first = json(put(client, "card-fraud", V1).requireOk("PUT v1").text());
      assertThat(first.path("version").asInt()).isEqualTo(1);
      assertThat(first.path("input").asText()).isEqualTo("fraud/card");
      refused(put(client, "card-fraud", V1.replace("\"<\"", "\"~\"")), 400, "unknown operator");
      refused(
          put(client, "card-fraud", V1.replace("steps", "stops")), 400, "unknown field 'stops'");
      refused(
          put(
              client,
              "card-fraud",
              V1.replace(
                  "\"big\", \"contiguity\"",
                  "\"big\", \"quantifier\": {\"times\": 0}, \"contiguity\"")),
          400,
          "\"times\" must be 1..100");
      refused(put(client, "other", V1), 409, "already runs over fraud/card");
      refused(put(client, "bad%20name", V1), 400, "pattern name");
      String base = V1.replace("fraud/card", "fraud/padded");
      String padded = base + " ".repeat(JsonPattern.MAX_BYTES - base.length());
      assertThat(put(client, "padded", padded).status()).isEqualTo(200);
      refused(put(client, "padded", padded + " "), 413, "");
      assertThat(client.delete("/v1/patterns/padded").status()).isEqualTo(200);
      for (int batch = 0; batch < 10; batch++) {
        send(node, events.subList(batch * 100, batch * 100 + 100));
        if (batch == 4) {
          // Version 1 has fired, so the change meets keys with work done and runs open.
          EventideNode.EgressLog early = node.egress("alerts");
          Awaitility.await()
              .atMost(SETTLE)
              .pollInterval(Duration.ofMillis(100))
              .until(() -> !early.poll().isEmpty());
          JsonNode second = json(put(client, "card-fraud", V2).requireOk("PUT v2").text());
          assertThat(second.path("version").asInt()).isEqualTo(2);
          assertThat(second.path("versions").toString()).isEqualTo("[1,2]");
        }
      }
    }
    // The events up to 1000 are committed; partial matches are open in the keys' state.
    try (EventideNode node = EventideNode.start(data, sources)) {
      EventideClient client = node.client();
      JsonNode kept = json(client.get("/v1/patterns/card-fraud").requireOk("GET").text());
      assertThat(kept.path("version").asInt()).isEqualTo(2);
      assertThat(kept.path("definition").path("pattern").path("within").asInt()).isEqualTo(200);
      JsonNode listed = json(client.get("/v1/patterns").requireOk("GET list").text());
      assertThat(listed.path("patterns")).hasSize(1);
      assertThat(listed.path("patterns").get(0).path("versions").toString()).isEqualTo("[1,2]");
      for (int batch = 10; batch < EVENTS / 100; batch++) {
        send(node, events.subList(batch * 100, batch * 100 + 100));
      }
      node.endOfInput(SOURCE);
      EventideNode.EgressLog alerts = node.egress("alerts");
      Awaitility.await()
          .atMost(SETTLE)
          .pollInterval(Duration.ofMillis(300))
          .until(() -> cutsOf(byKeyAndVersion(alerts.poll()), old, changed, events) != null);
      Map<String, Long> cuts = cutsOf(byKeyAndVersion(alerts.poll()), old, changed, events);
      // The change came mid-stream: some keys took it, and both versions fired.
      assertThat(cuts.values()).anyMatch(cut -> cut > 0 && cut < EVENTS);
      assertThat(alerts.poll()).anyMatch(line -> json(line).path("version").asInt() == 1);
      assertThat(alerts.poll()).anyMatch(line -> json(line).path("version").asInt() == 2);

      assertThat(client.delete("/v1/patterns/card-fraud").status()).isEqualTo(200);
      assertThat(client.get("/v1/patterns/card-fraud").status()).isEqualTo(404);
      HttpAnswer refused =
          client.send(
              "fraud/card/k1",
              "{}".getBytes(StandardCharsets.UTF_8),
              "application/json",
              null,
              null);
      assertThat(refused.status()).isEqualTo(404);
    }
  }

  /**
   * Per key, the event time after which new partial matches started under version 2: one for which
   * the node's firings of each version are exactly the references' restricted to it; null while
   * some key has none (its firings are not all in yet, or wrong).
   */
  private static Map<String, Long> cutsOf(
      Map<String, Map<Integer, List<String>>> fired,
      Map<String, List<String>> old,
      Map<String, List<String>> changed,
      List<Event> events) {
    Map<String, Long> cuts = new TreeMap<>();
    for (int k = 0; k < KEYS; k++) {
      String key = "k" + k;
      Map<Integer, List<String>> versions = fired.getOrDefault(key, Map.of());
      List<String> v1 = versions.getOrDefault(1, List.of());
      List<String> v2 = versions.getOrDefault(2, List.of());
      Long found = null;
      for (long cut = 0; cut <= events.size() && found == null; cut++) {
        if (v1.equals(startedIn(old.get(key), 0, cut))
            && v2.equals(startedIn(changed.get(key), cut, Long.MAX_VALUE))) {
          found = cut;
        }
      }
      if (found == null) {
        return null;
      }
      cuts.put(key, found);
    }
    return cuts;
  }

  /** The firing texts whose first event's time is in (from, to]. */
  private static List<String> startedIn(List<String> firings, long from, long to) {
    List<String> kept = new ArrayList<>();
    for (String firing : firings == null ? List.<String>of() : firings) {
      long start = Long.parseLong(firing.substring(0, firing.indexOf(' ')));
      if (start > from && start <= to) {
        kept.add(firing);
      }
    }
    return kept;
  }

  private static List<JsonNode> reference(String pattern, List<Event> events) {
    JsonPattern parsed = JsonPattern.parse(pattern.getBytes(StandardCharsets.UTF_8));
    FunctionTestDriver driver =
        FunctionTestDriver.create()
            .register(JsonPatternVersions.of("card-fraud", Map.of(1, parsed)).functionSpec())
            .withMaxAttempts(1);
    for (Event event : events) {
      driver.send(
          Address.of("fraud", "card", event.key()), Types.STRING, event.body(), event.time());
    }
    driver.advanceWatermark(Long.MAX_VALUE);
    assertThat(driver.deadLetters()).isEmpty();
    List<JsonNode> firings = new ArrayList<>();
    for (String payload : driver.egress("alerts", Types.STRING)) {
      firings.add(json(payload));
    }
    return firings;
  }

  private static Map<String, List<String>> byKey(List<JsonNode> firings) {
    Map<String, List<String>> byKey = new HashMap<>();
    for (JsonNode firing : firings) {
      byKey.computeIfAbsent(firing.path("key").asText(), k -> new ArrayList<>()).add(text(firing));
    }
    return byKey;
  }

  private static Map<String, Map<Integer, List<String>>> byKeyAndVersion(List<String> lines) {
    Map<String, Map<Integer, List<String>>> byKey = new HashMap<>();
    for (String line : lines) {
      JsonNode firing = json(line);
      byKey
          .computeIfAbsent(firing.path("key").asText(), k -> new HashMap<>())
          .computeIfAbsent(firing.path("version").asInt(), v -> new ArrayList<>())
          .add(text(firing));
    }
    return byKey;
  }

  /** "start kind@timestamp match": a firing without its version, led by its first event's time. */
  private static String text(JsonNode firing) {
    long start = Long.MAX_VALUE;
    for (JsonNode step : firing.path("match")) {
      for (JsonNode event : step) {
        start = Math.min(start, event.path("t").asLong());
      }
    }
    return start
        + " "
        + firing.path("kind").asText()
        + "@"
        + firing.path("timestamp").asLong()
        + " "
        + firing.path("match");
  }

  private static void refused(HttpAnswer answer, int status, String message) {
    assertThat(answer.status()).as(answer.text()).isEqualTo(status);
    assertThat(json(answer.text()).path("error").path("message").asText()).contains(message);
  }

  private static HttpAnswer put(EventideClient client, String name, String body) {
    return client.put("/v1/patterns/" + name, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(EventideNode node, List<Event> batch) {
    StringBuilder lines = new StringBuilder();
    for (Event event : batch) {
      lines
          .append("{\"target\":\"fraud/card/")
          .append(event.key())
          .append("\",\"eventTime\":")
          .append(event.time())
          .append(",\"payload\":")
          .append(event.body())
          .append("}\n");
    }
    node.ingestLines(SOURCE, batch.size(), lines.toString());
  }

  private static JsonNode json(String text) {
    try {
      return Outcome.JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + text, e);
    }
  }
}
