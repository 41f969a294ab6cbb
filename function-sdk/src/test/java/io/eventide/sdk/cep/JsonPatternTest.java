package io.eventide.sdk.cep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventide.sdk.Address;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.testing.FunctionTestDriver;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing, validation, limits and the translation of JSON patterns, run in the driver. */
class JsonPatternTest {
  static final Address ALICE = Address.of("fraud", "card", "alice");

  static JsonPattern parse(String json) {
    return JsonPattern.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  static String body(String steps, String extra) {
    return "{\"input\": \"fraud/card\", \"pattern\": {\"steps\": ["
        + steps
        + "]"
        + extra
        + "}, \"output\": {\"egress\": \"alerts\", \"timeouts\": true}}";
  }

  static final String SMALL_THEN_BIG =
      "{\"name\": \"small\", \"where\": {\"field\": \"amount\", \"op\": \"<\", \"value\": 1}},"
          + "{\"name\": \"big\", \"contiguity\": \"followedBy\","
          + " \"where\": {\"and\": [{\"field\": \"amount\", \"op\": \">\", \"value\": 500},"
          + " {\"not\": {\"field\": \"card.country\", \"op\": \"in\", \"value\": [\"NL\"]}}]}}";

  static List<JsonNode> run(JsonPattern pattern, String... events) {
    FunctionTestDriver driver =
        FunctionTestDriver.create()
            .register(JsonPatternVersions.of("p", Map.of(1, pattern)).functionSpec())
            .withMaxAttempts(1);
    long time = 0;
    for (String event : events) {
      driver.send(ALICE, Types.STRING, event, ++time);
    }
    driver.advanceWatermark(Long.MAX_VALUE);
    assertThat(driver.deadLetters()).isEmpty();
    return driver.egress("alerts", JsonEvents.TYPE);
  }

  @Test
  void aJsonPatternMatchesAsTheSamePatternWrittenInJava() {
    JsonPattern pattern = parse(body(SMALL_THEN_BIG, ", \"within\": 3"));
    assertThat(pattern.input()).isEqualTo(TypeName.of("fraud", "card"));
    List<JsonNode> firings =
        run(
            pattern,
            "{\"amount\": 0.5}",
            "{\"amount\": 900, \"card\": {\"country\": \"NL\"}}",
            "{\"amount\": 700, \"card\": {\"country\": \"DE\"}}",
            "not json",
            "{\"amount\": 0}",
            "{\"amount\": 5}");
    assertThat(firings).hasSize(2);
    JsonNode match = firings.get(0);
    assertThat(match.path("kind").asText()).isEqualTo("match");
    assertThat(match.path("version").asInt()).isEqualTo(1);
    assertThat(match.path("key").asText()).isEqualTo("alice");
    assertThat(match.path("timestamp").asLong()).isEqualTo(3);
    assertThat(match.path("match").toString())
        .isEqualTo(
            "{\"small\":[{\"amount\":0.5}],\"big\":[{\"amount\":700,\"card\":{\"country\":\"DE\"}}]}");
    JsonNode timeout = firings.get(1);
    assertThat(timeout.path("kind").asText()).isEqualTo("timeout");
    assertThat(timeout.path("match").toString()).isEqualTo("{\"small\":[{\"amount\":0}]}");
    assertThat(timeout.path("timestamp").asLong()).isEqualTo(8);
  }

  @Test
  void quantifiersUntilAndSkipStrategiesTranslate() {
    String steps =
        "{\"name\": \"a\", \"where\": {\"field\": \"t\", \"op\": \"==\", \"value\": \"a\"},"
            + " \"quantifier\": {\"oneOrMore\": true, \"consecutive\": true},"
            + " \"until\": {\"field\": \"t\", \"op\": \"==\", \"value\": \"x\"}},"
            + "{\"name\": \"b\", \"contiguity\": \"next\", \"where\": {\"field\": \"t\", \"op\":"
            + " \"startsWith\", \"value\": \"b\"}, \"quantifier\": {\"times\": {\"from\": 1, \"to\":"
            + " 2}, \"greedy\": true}}";
    JsonPattern pattern = parse(body(steps, ", \"skip\": \"skipPastLastEvent\""));
    List<JsonNode> firings =
        run(pattern, "{\"t\":\"a\"}", "{\"t\":\"a\"}", "{\"t\":\"b\"}", "{\"t\":\"b2\"}");
    assertThat(firings).extracting(f -> f.path("match").toString()).hasSize(1);
    assertThat(firings.get(0).path("match").path("a")).hasSize(2);
  }

  /** How many of {@code events} a one-step pattern with condition {@code where} takes. */
  private static int taken(String where, String... events) {
    return run(parse(body("{\"name\": \"x\", \"where\": " + where + "}", "")), events).size();
  }

  @Test
  void comparisonsFollowTheirDocumentedRules() {
    String[] events = {
      "{\"a\": 100}", "{\"a\": 100.0}", "{\"a\": \"100\"}", "{\"b\": 1}", "{\"a\": null}"
    };
    assertThat(taken("{\"field\": \"a\", \"op\": \"==\", \"value\": 100}", events)).isEqualTo(2);
    // A missing field is not different from anything: only the string and the null are.
    assertThat(taken("{\"field\": \"a\", \"op\": \"!=\", \"value\": 100}", events)).isEqualTo(2);
    assertThat(taken("{\"field\": \"a\", \"op\": \">=\", \"value\": 100}", events)).isEqualTo(2);
    assertThat(taken("{\"field\": \"a\", \"op\": \"<\", \"value\": \"2\"}", events)).isEqualTo(1);
    assertThat(taken("{\"field\": \"a\", \"op\": \"exists\"}", events)).isEqualTo(4);
    assertThat(taken("{\"field\": \"a\", \"op\": \"exists\", \"value\": false}", events))
        .isEqualTo(1);
    assertThat(taken("{\"field\": \"a\", \"op\": \"in\", \"value\": [\"100\", 7]}", events))
        .isEqualTo(1);
    assertThat(
            taken(
                "{\"or\": [{\"field\": \"b\", \"op\": \"==\", \"value\": 1},"
                    + " {\"field\": \"a\", \"op\": \"contains\", \"value\": \"10\"}]}",
                events))
        .isEqualTo(2);
  }

  @Test
  void aMatchCanGoToAFunction() {
    JsonPattern pattern =
        parse(
            "{\"input\": \"fraud/card\", \"pattern\": {\"steps\": [{\"name\": \"x\"}]},"
                + " \"output\": {\"function\": \"fraud/alerts\"}}");
    assertThat(pattern.function("bob")).contains(Address.of("fraud", "alerts", "bob"));
    assertThat(pattern.egress()).isEmpty();
  }

  @Test
  void mistakesAreNamed() {
    assertRejected("{", "not JSON");
    assertRejected("[]", "must be a JSON object");
    assertRejected(
        "{\"input\": \"fraud\", \"pattern\": {\"steps\": [{\"name\": \"x\"}]}, \"output\":"
            + " {\"egress\": \"e\"}}",
        "input 'fraud' must be a function type ns/type");
    assertRejected(
        "{\"input\": \"a/b\", \"pattern\": {\"steps\": [{\"name\": \"x\"}]}, \"output\": {}}",
        "give either \"egress\"");
    assertRejected(body("{\"name\": \"x\", \"colour\": 1}", ""), "unknown field 'colour'");
    assertRejected(
        body("{\"name\": \"x\", \"where\": {\"field\": \"a\", \"op\": \"~\", \"value\": 1}}", ""),
        "unknown operator '~'");
    assertRejected(
        body(
            "{\"name\": \"x\", \"where\": {\"field\": \"a..b\", \"op\": \"==\", \"value\": 1}}",
            ""),
        "field 'a..b' must be a dotted path");
    assertRejected(
        body(
            "{\"name\": \"x\", \"where\": {\"field\": \"a\", \"op\": \">\", \"value\": true}}", ""),
        "compares with a number or a string");
    assertRejected(
        body("{\"name\": \"x\", \"quantifier\": {\"times\": 0}}", ""),
        "\"times\" must be 1..100, was 0");
    assertRejected(
        body("{\"name\": \"x\", \"quantifier\": {\"times\": 2, \"oneOrMore\": true}}", ""),
        "at most one of");
    assertRejected(
        body("{\"name\": \"x\"}, {\"name\": \"y\", \"contiguity\": \"after\"}", ""),
        "unknown contiguity 'after'");
    assertRejected(body("{\"name\": \"x\"}, {\"name\": \"y\"}", ""), "\"contiguity\" must be");
    assertRejected(
        body("{\"name\": \"x\"}, {\"name\": \"x\", \"contiguity\": \"next\"}", ""),
        "Duplicate pattern name: x");
    assertRejected(body("{\"name\": \"x\"}", ", \"skip\": \"skipAll\""), "unknown skip strategy");
    assertRejected(body("{\"name\": \"x\"}", ", \"within\": 0"), "within must be at least 1 ms");
    assertRejected(body("{\"name\": \"x\"}", ", \"within\": \"soon\""), "ISO-8601 duration");
    assertRejected(
        body("{\"name\": \"x\"}, {\"name\": \"y\", \"contiguity\": \"notFollowedBy\"}", ""),
        "notFollowedBy as the last step (y) needs within");
  }

  @Test
  void limitsHoldAtTheirValueAndFailJustPast() {
    assertThat(parse(body(steps(JsonPattern.MAX_STEPS), "")).pattern().name()).isEqualTo("s31");
    assertRejected(body(steps(JsonPattern.MAX_STEPS + 1), ""), "33 steps; at most 32");

    assertThat(parse(body(conditions(JsonConditions.MAX_NODES), ""))).isNotNull();
    assertRejected(body(conditions(JsonConditions.MAX_NODES + 1), ""), "more than 256 condition");

    assertThat(parse(body("{\"name\": \"x\", \"quantifier\": {\"times\": 100}}", ""))).isNotNull();
    assertRejected(body("{\"name\": \"x\", \"quantifier\": {\"times\": 101}}", ""), "1..100");

    String small = body("{\"name\": \"x\"}", "");
    String padding = " ".repeat(JsonPattern.MAX_BYTES - small.length());
    assertThat(parse(small + padding)).isNotNull();
    assertRejected(small + padding + " ", "65537 bytes; at most 65536");
  }

  private static String steps(int count) {
    StringBuilder steps = new StringBuilder("{\"name\": \"s0\"}");
    for (int i = 1; i < count; i++) {
      steps.append(", {\"name\": \"s").append(i).append("\", \"contiguity\": \"followedBy\"}");
    }
    return steps.toString();
  }

  /** One step whose condition is an "or" of count - 1 comparisons: count nodes. */
  private static String conditions(int count) {
    StringBuilder or = new StringBuilder("{\"or\": [");
    for (int i = 1; i < count; i++) {
      or.append(i > 1 ? "," : "")
          .append("{\"field\": \"a\", \"op\": \"==\", \"value\": ")
          .append(i)
          .append('}');
    }
    return "{\"name\": \"x\", \"where\": " + or + "]}}";
  }

  private static void assertRejected(String json, String message) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(MalformedPatternException.class)
        .hasMessageContaining(message);
  }
}
