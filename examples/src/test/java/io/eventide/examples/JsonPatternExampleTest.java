package io.eventide.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventide.sdk.Address;
import io.eventide.sdk.Types;
import io.eventide.sdk.cep.JsonPattern;
import io.eventide.sdk.cep.JsonPatternVersions;
import io.eventide.sdk.testing.FunctionTestDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code examples/patterns/fraud-alerts.json}, the {@link FraudAlerts} pattern written as JSON for
 * {@code PUT /v1/patterns/fraud-alerts}: on the same events it flags the same login and failures,
 * and reports the same abandoned login.
 */
class JsonPatternExampleTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theJsonTwinOfFraudAlertsFiresAsItDoes() throws Exception {
    JsonPattern pattern =
        JsonPattern.parse(Files.readAllBytes(Path.of("patterns/fraud-alerts.json")));
    FunctionTestDriver driver =
        FunctionTestDriver.create()
            .register(JsonPatternVersions.of("fraud-alerts", Map.of(1, pattern)).functionSpec());
    Address alice = Address.of("example", "fraud-json", "alice");
    for (long at : new long[] {1_000, 3_000, 2_000, 4_000, 5_000, 6_000}) {
      String action = at == 1_000 || at == 5_000 ? "login" : at == 6_000 ? "pay" : "fail";
      driver.send(alice, Types.STRING, "{\"action\":\"" + action + "\",\"at\":" + at + "}", at);
    }
    driver.advanceWatermark(10_000);
    driver.send(alice, Types.STRING, "{\"action\":\"login\",\"at\":70000}", 70_000);
    driver.advanceWatermark(200_000);

    List<JsonNode> firings =
        driver.egress("fraud-alerts-json", Types.STRING).stream().map(this::json).toList();
    assertThat(firings).hasSize(2);
    assertThat(firings.get(0).path("kind").asText()).isEqualTo("match");
    assertThat(firings.get(0).path("match").path("login").findValuesAsText("at"))
        .containsExactly("1000");
    assertThat(firings.get(0).path("match").path("failures").findValuesAsText("at"))
        .containsExactly("2000", "3000", "4000");
    assertThat(firings.get(1).path("kind").asText()).isEqualTo("timeout");
    assertThat(firings.get(1).path("match").path("login").findValuesAsText("at"))
        .containsExactly("70000");
  }

  private JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(text, e);
    }
  }
}
