package io.eventide.sdk.cep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventide.sdk.Address;
import io.eventide.sdk.Types;
import io.eventide.sdk.testing.FunctionTestDriver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A pattern changed while its keys hold partial matches: the old version's firings are exactly a
 * reference run of the old pattern's restricted to matches that started before the change, the new
 * version's exactly a reference run of the new pattern's restricted to those that started after.
 */
class JsonPatternVersionsTest {
  static final String V1 =
      "{\"input\": \"fraud/card\", \"pattern\": {\"steps\": ["
          + "{\"name\": \"small\", \"where\": {\"field\": \"amount\", \"op\": \"<\", \"value\": 10}},"
          + "{\"name\": \"big\", \"contiguity\": \"followedBy\","
          + " \"where\": {\"field\": \"amount\", \"op\": \">\", \"value\": 250}}],"
          + " \"within\": 40}, \"output\": {\"egress\": \"alerts\", \"timeouts\": true}}";

  static final String V2 =
      "{\"input\": \"fraud/card\", %s\"pattern\": {\"steps\": ["
          + "{\"name\": \"small\", \"where\": {\"field\": \"amount\", \"op\": \"<\", \"value\": 30}},"
          + "{\"name\": \"mid\", \"contiguity\": \"followedBy\","
          + " \"where\": {\"field\": \"amount\", \"op\": \">=\", \"value\": 100},"
          + " \"quantifier\": {\"times\": 2}},"
          + "{\"name\": \"big\", \"contiguity\": \"followedBy\","
          + " \"where\": {\"field\": \"amount\", \"op\": \">\", \"value\": 280}}],"
          + " \"within\": 60}, \"output\": {\"egress\": \"alerts\", \"timeouts\": true}}";

  record Event(String key, long time, int amount) {}

  static List<Event> events(long seed, int count, int keys) {
    Random random = new Random(seed);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(new Event("k" + random.nextInt(keys), i + 1, random.nextInt(300)));
    }
    return events;
  }

  /** A driver whose pattern versions can change between calls, as a worker's do. */
  static final class Run {
    final AtomicReference<JsonPatternVersions> versions = new AtomicReference<>();
    final FunctionTestDriver driver;

    Run(JsonPatternVersions initial) {
      versions.set(initial);
      driver =
          FunctionTestDriver.create()
              .register(
                  initial.input(),
                  () -> new JsonPatternOperator(versions.get()),
                  CepOperator.ARRIVALS,
                  CepOperator.LATE_DROPPED)
              .withMaxAttempts(1);
    }

    void send(List<Event> events) {
      for (Event event : events) {
        driver.send(
            Address.of("fraud", "card", event.key()),
            Types.STRING,
            "{\"amount\": " + event.amount() + ", \"t\": " + event.time() + "}",
            event.time());
      }
    }

    List<JsonNode> firings() {
      assertThat(driver.deadLetters()).isEmpty();
      return driver.egress("alerts", JsonEvents.TYPE);
    }
  }

  static JsonPattern parse(String json) {
    return JsonPattern.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The firings of one version alone over every event. */
  static List<JsonNode> reference(JsonPattern pattern, List<Event> events) {
    Run run = new Run(JsonPatternVersions.of("p", Map.of(1, pattern)));
    run.send(events);
    run.driver.advanceWatermark(Long.MAX_VALUE);
    return run.firings();
  }

  /**
   * Firing texts without the version, of the firings whose first event is in [from, to), by key
   * (keys are independent: only the order within a key is defined).
   */
  static List<String> started(List<JsonNode> firings, long from, long to, int version) {
    List<String> texts = new ArrayList<>();
    for (JsonNode firing : firings) {
      if (version > 0 && firing.path("version").asInt() != version) {
        continue;
      }
      long start = Long.MAX_VALUE;
      for (JsonNode step : firing.path("match")) {
        for (JsonNode event : step) {
          start = Math.min(start, event.path("t").asLong());
        }
      }
      if (start >= from && start < to) {
        texts.add(
            firing.path("key").asText()
                + " "
                + firing.path("kind").asText()
                + "@"
                + firing.path("timestamp").asLong()
                + " "
                + firing.path("match"));
      }
    }
    texts.sort(java.util.Comparator.comparing(text -> text.substring(0, text.indexOf(' '))));
    return texts;
  }

  @Test
  void partialMatchesFinishUnderTheirVersionAndNewOnesStartUnderTheNewOne() {
    List<Event> events = events(7, 600, 5);
    JsonPattern v1 = parse(V1);
    JsonPattern v2 = parse(String.format(V2, ""));
    Run run = new Run(JsonPatternVersions.of("p", Map.of(1, v1)));
    long cut = 300;
    run.send(events.subList(0, (int) cut));
    run.driver.advanceWatermark(cut);
    run.versions.set(JsonPatternVersions.of("p", Map.of(1, v1, 2, v2)));
    run.send(events.subList((int) cut, events.size()));
    run.driver.advanceWatermark(Long.MAX_VALUE);
    List<JsonNode> firings = run.firings();

    List<String> oldOnes = started(firings, 0, Long.MAX_VALUE, 1);
    List<String> newOnes = started(firings, 0, Long.MAX_VALUE, 2);
    assertThat(oldOnes).isEqualTo(started((reference(v1, events)), 0, cut + 1, 0));
    assertThat(newOnes).isEqualTo(started((reference(v2, events)), cut + 1, Long.MAX_VALUE, 0));
    assertThat(oldOnes).hasSizeGreaterThan(5);
    assertThat(newOnes).hasSizeGreaterThan(5);
    // Partial matches of version 1 were still open at the change, and finished under it.
    assertThat(firings)
        .anyMatch(f -> f.path("version").asInt() == 1 && f.path("timestamp").asLong() > cut);
    assertThat(run.driver.state(Address.of("fraud", "card", "k0"), JsonPatternOperator.RUNS))
        .isEmpty();
  }

  @Test
  void activeFromSwitchesAtAnEventTime() {
    List<Event> events = events(11, 400, 3);
    JsonPattern v1 = parse(V1);
    JsonPattern v2 = parse(String.format(V2, "\"activeFrom\": 200, "));
    // Both versions known from the start: version 2 takes over at event time 200 exactly.
    Run run = new Run(JsonPatternVersions.of("p", Map.of(1, v1, 2, v2)));
    run.send(events);
    run.driver.advanceWatermark(Long.MAX_VALUE);
    List<JsonNode> firings = run.firings();
    assertThat(started(firings, 0, Long.MAX_VALUE, 1))
        .isEqualTo(started((reference(v1, events)), 0, 200, 0));
    assertThat(started(firings, 0, Long.MAX_VALUE, 2))
        .isEqualTo(started((reference(v2, events)), 200, Long.MAX_VALUE, 0));
  }
}
