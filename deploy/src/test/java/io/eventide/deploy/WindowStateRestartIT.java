package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.client.HttpAnswer;
import io.eventide.deploy.process.NodeProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process window function's window state and global state, and the contents an evictor wrote
 * back, on a node process and across its restart: the late firing after the restart counts the
 * window's second firing, continues the key's running total, and sees what the count evictor left.
 */
class WindowStateRestartIT {
  private static final Map<String, String> SOURCES =
      Map.of(
          "ws.Module",
          """
          package ws;
          import io.eventide.sdk.*;
          import java.time.Duration;
          import java.util.stream.Collectors;
          public final class Module implements FunctionModule {
            static final ValueSpec<Long> FIRINGS = ValueSpec.named("firings").withType(Types.LONG);
            static final ValueSpec<Long> TOTAL = ValueSpec.named("total").withType(Types.LONG);
            public void configure(FunctionRegistry r) {
              r.register(SourceSpec.named("ws").outOfOrderness(Duration.ZERO).build());
              r.register(WindowedFunctionSpec.builder(TypeName.of("ws", "w"))
                  .window(Windows.tumbling(Duration.ofSeconds(1)))
                  .allowedLateness(Duration.ofSeconds(10))
                  .evictor(Evictors.count(2))
                  .processWithState((ctx, window, messages) -> {
                    long firings = window.windowState().get(FIRINGS).orElse(0L) + 1;
                    window.windowState().set(FIRINGS, firings);
                    long total = window.globalState().get(TOTAL).orElse(0L) + messages.size();
                    window.globalState().set(TOTAL, total);
                    ctx.egress("fired", Types.STRING, window.window().start() + " " + firings + " "
                        + total + " " + messages.stream().map(m -> String.valueOf(m.as(Types.LONG)))
                            .collect(Collectors.joining(",")));
                  })
                  .build());
            }
          }
          """);

  @TempDir Path tmp;

  @Test
  void windowAndGlobalStateAndEvictedContentsSurviveARestart() throws Exception {
    Path data = tmp.resolve("data");
    NodeProcess node = TestNodes.start(data);
    try {
      EventideClient client = client(node);
      Path jar =
          Files.write(tmp.resolve("ws.jar"), BrokenJars.jar(tmp, SOURCES, "ws.Module", List.of()));
      HttpAnswer deployed = client.deploy(jar, "ws");
      assertThat(deployed.status()).as(deployed.text()).isEqualTo(201);

      ingest(client, 100, 1, 200, 2, 300, 3);
      watermark(client, 1_000);
      // The count evictor hands over the last two and keeps only them.
      awaitFired(client, "0 1 2 2,3");

      node.stop(Duration.ofSeconds(20));
      node = TestNodes.start(data);
      client = client(node);

      ingest(client, 400, 4); // within the lateness of [0, 1000)
      ingest(client, 1_500, 5);
      watermark(client, 2_000);
      awaitFired(client, "0 1 2 2,3", "0 2 4 3,4", "1000 1 5 5");
    } finally {
      node.close();
    }
  }

  private static void ingest(EventideClient client, long... timeAndValue) {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < timeAndValue.length; i += 2) {
      lines
          .append("{\"target\":\"ws/w/k\",\"eventTime\":")
          .append(timeAndValue[i])
          .append(",\"payload\":")
          .append(timeAndValue[i + 1])
          .append("}\n");
    }
    HttpAnswer accepted = client.ingest("ws", lines.toString());
    assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
  }

  private static void watermark(EventideClient client, long watermark) {
    HttpAnswer answer =
        client.post(
            "/v1/ingress/ws/watermark",
            ("{\"watermark\":" + watermark + "}").getBytes(StandardCharsets.UTF_8),
            "application/json",
            null,
            null);
    assertThat(answer.status()).as(answer.text()).isEqualTo(202);
  }

  private static void awaitFired(EventideClient client, String... expected) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              JsonNode records = Json.parse(client.egress("fired", 0, 100)).path("records");
              List<String> fired = new ArrayList<>();
              records.forEach(record -> fired.add(record.path("payload").asText()));
              assertThat(fired).containsExactly(expected);
            });
  }

  private static EventideClient client(NodeProcess node) {
    return new EventideClient(node.url(), null, null).withTimeout(Duration.ofSeconds(60));
  }
}
