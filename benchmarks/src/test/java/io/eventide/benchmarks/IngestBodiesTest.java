package io.eventide.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngestBodiesTest {

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void splitsEventsIntoNdjsonBatchesOverTheKeys() throws Exception {
    IngestCommand command = new IngestCommand();
    command.events = 25;
    command.batch = 10;
    command.idempotency = true;
    byte[][] bodies = command.bodies(new Keys("p-", 4));

    assertThat(bodies).hasNumberOfRows(3);
    List<JsonNode> events = new ArrayList<>();
    for (byte[] body : bodies) {
      for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
        events.add(json.readTree(line));
      }
    }
    assertThat(events).hasSize(25);
    assertThat(events.get(6).get("target").asText()).isEqualTo("example/counter/p-k2");
    assertThat(events.get(6).get("payload").asLong()).isEqualTo(1);
    assertThat(events).extracting(e -> e.get("idempotencyKey").asText()).doesNotHaveDuplicates();
  }
}
