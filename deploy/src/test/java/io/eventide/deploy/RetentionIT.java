package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.client.HttpAnswer;
import io.eventide.deploy.process.NodeProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention through a node process started with short retentions (one from its flag, one from its
 * environment twin): log egress records, dead letters included, are trimmed, a reader asking for a
 * trimmed offset is told where the egress now starts, and idempotency keys are forgotten.
 */
class RetentionIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path tmp;
  private NodeProcess node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void egressRecordsAndIdempotencyKeysGoAfterTheirRetention() {
    node =
        TestNodes.start(
            Map.of("EVENTIDE_EGRESS_RETENTION", "3s"),
            tmp.resolve("data"),
            "--idempotency-retention",
            "2s");
    EventideClient client =
        new EventideClient(node.url(), null, null).withTimeout(Duration.ofSeconds(30));
    assertThat(client.deploy(TestNodes.examplesJar(), "examples").status()).isEqualTo(201);

    assertThat(send(client, "example/counter/r", "K").path("duplicate").asBoolean()).isFalse();
    assertThat(send(client, "example/counter/r", "K").path("duplicate").asBoolean()).isTrue();
    send(client, "example/failing/x", null);
    long counted =
        await("the count is in its egress")
            .atMost(WAIT)
            .until(() -> offsetOf(client, "counts", "id=r count=1"), offset -> offset >= 0);
    long letter =
        await("the dead letter is in its egress")
            .atMost(WAIT)
            .until(
                () -> offsetOf(client, "dead-letters", "example/failing/x"), offset -> offset >= 0);

    await("the key is forgotten: the same send is new again")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> !send(client, "example/counter/r", "K").path("duplicate").asBoolean());

    for (String egress : List.of("counts", "dead-letters")) {
      long first = egress.equals("counts") ? counted : letter;
      JsonNode page =
          await(egress + " trimmed")
              .atMost(WAIT)
              .pollInterval(Duration.ofMillis(250))
              .until(() -> page(client, egress, first), p -> p.path("trimmed").asBoolean());
      assertThat(page.path("firstOffset").asLong()).isGreaterThan(first);
      assertThat(payloads(page))
          .noneMatch(p -> p.contains("id=r count=1") || p.contains("example/failing/x"));
      JsonNode fromFirst = page(client, egress, page.path("firstOffset").asLong());
      assertThat(fromFirst.has("trimmed")).as("nothing is trimmed from firstOffset on").isFalse();
    }
  }

  private static JsonNode send(EventideClient client, String address, String key) {
    HttpAnswer answer =
        client.send(address, "1".getBytes(StandardCharsets.UTF_8), "application/json", key, null);
    assertThat(answer.status()).as(answer.text()).isEqualTo(202);
    return Json.parse(answer);
  }

  private static JsonNode page(EventideClient client, String egress, long from) {
    return Json.parse(client.egress(egress, from, 1000).requireOk("GET /v1/egress/" + egress));
  }

  private static List<String> payloads(JsonNode page) {
    List<String> payloads = new ArrayList<>();
    page.path("records").forEach(record -> payloads.add(record.path("payload").asText()));
    return payloads;
  }

  /**
   * The offset of the first record of {@code egress} whose payload contains {@code text}, or -1.
   */
  private static long offsetOf(EventideClient client, String egress, String text) {
    for (JsonNode record : page(client, egress, 0).path("records")) {
      if (record.path("payload").asText().contains(text)) {
        return record.path("offset").asLong();
      }
    }
    return -1;
  }
}
