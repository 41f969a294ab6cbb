package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventide.deploy.process.NodeProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --log-format json}: every line a node logs is one JSON object, its message whole. */
class LogFormatIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void aNodeLogsOneJsonObjectALine() throws Exception {
    try (NodeProcess node = TestNodes.start(tmp.resolve("data"), "--log-format", "json")) {
      assertThat(node.url()).isNotNull();
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(lines(node)).isNotEmpty());
      List<JsonNode> entries = new ArrayList<>();
      for (String line : lines(node)) {
        entries.add(JSON.readTree(line));
      }
      assertThat(entries)
          .allSatisfy(
              entry -> {
                assertThat(entry.path("level").asText()).isNotEmpty();
                assertThat(entry.path("loggerName").asText()).isNotEmpty();
                assertThat(entry.has("formattedMessage")).isTrue();
              });
      assertThat(entries)
          .anySatisfy(
              entry -> assertThat(entry.path("loggerName").asText()).startsWith("io.eventide"));
    }
  }

  private static List<String> lines(NodeProcess node) throws Exception {
    return Files.readAllLines(node.log(), StandardCharsets.UTF_8).stream()
        .filter(line -> !line.isBlank())
        .filter(line -> !line.startsWith("Picked up ")) // a JVM option the environment sets
        .toList();
  }
}
