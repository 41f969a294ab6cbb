package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.client.HttpAnswer;
import io.eventide.deploy.process.NodeProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process window buffering 100,000 events of one key (6 MB of contents, sixty times a store
 * value) fires once with every one of them, on a standalone node and on a cluster of role processes
 * on the remote store. The parity suite compares the same size with Flink value by value; this
 * shows the cluster's store path.
 */
class BigWindowIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int EVENTS = 100_000;
  private static final long START = 1_700_000_000_137L;
  private static final Map<String, String> SOURCES =
      Map.of(
          "win.Module",
          """
          package win;
          import io.eventide.sdk.*;
          import java.time.Duration;
          import java.util.List;
          public final class Module implements FunctionModule {
            public void configure(FunctionRegistry r) {
              r.register(SourceSpec.named("all").outOfOrderness(Duration.ofMillis(250)).build());
              r.register(WindowedFunctionSpec.builder(TypeName.of("win", "all"))
                  .window(Windows.tumbling(Duration.ofMinutes(10)))
                  .process((ctx, window, messages) -> {
                    long sum = 0;
                    long min = Long.MAX_VALUE;
                    long max = Long.MIN_VALUE;
                    for (Message m : messages) {
                      long v = m.as(Types.LONG);
                      sum += v;
                      min = Math.min(min, v);
                      max = Math.max(max, v);
                    }
                    ctx.egress("windows", Types.STRING, window.start() + " " + messages.size() + " " + sum + " "
                        + min + " " + max);
                  })
                  .build());
            }
          }
          """);

  @TempDir Path tmp;

  @Test
  void aStandaloneNodeFiresTheWindowWithAllItsEvents() throws Exception {
    try (NodeProcess node = TestNodes.start(tmp.resolve("data"))) {
      run(new EventideClient(node.url(), null, null).withTimeout(Duration.ofSeconds(120)));
    }
  }

  @Test
  void aClusterOnTheRemoteStoreFiresTheWindowWithAllItsEvents() throws Exception {
    try (RoleCluster cluster = new RoleCluster(tmp)) {
      cluster.stateService();
      cluster.atOnce(
          () -> cluster.role("dispatcher", "dispatcher-1"),
          () -> cluster.role("worker", "worker-1"));
      cluster.role("gateway", "gateway-1");
      run(cluster.client("gateway-1"));
    }
  }

  private void run(EventideClient client) throws Exception {
    Path jar =
        Files.write(tmp.resolve("win.jar"), BrokenJars.jar(tmp, SOURCES, "win.Module", List.of()));
    HttpAnswer deployed = client.deploy(jar, "win");
    assertThat(deployed.status()).as(deployed.text()).isEqualTo(201);
    SplittableRandom random = new SplittableRandom(7);
    long sum = 0;
    StringBuilder batch = new StringBuilder();
    double clock = START;
    for (int i = 0; i < EVENTS; i++) {
      clock += random.nextDouble();
      long value = random.nextInt(1_000_000);
      sum += value;
      batch
          .append("{\"target\":\"win/all/k\",\"eventTime\":")
          .append((long) clock - random.nextInt(250))
          .append(",\"payload\":")
          .append(value)
          .append("}\n");
      if (batch.length() > 4_000_000 || i == EVENTS - 1) {
        HttpAnswer accepted = client.ingest("all", batch.toString());
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
        batch.setLength(0);
      }
    }
    HttpAnswer end =
        client.post(
            "/v1/ingress/all/watermark",
            "{\"watermark\":9223372036854775807}".getBytes(StandardCharsets.UTF_8),
            "application/json",
            null,
            null);
    assertThat(end.status()).as(end.text()).isEqualTo(202);

    long windowStart = START - START % 600_000;
    long expectedSum = sum;
    await()
        .atMost(Duration.ofSeconds(120))
        .untilAsserted(
            () -> {
              JsonNode records =
                  JSON.readTree(client.egress("windows", 0, 10).text()).path("records");
              assertThat(records).hasSize(1);
              assertThat(records.get(0).path("payload").asText())
                  .startsWith(windowStart + " " + EVENTS + " " + expectedSum + " ");
            });
  }
}
