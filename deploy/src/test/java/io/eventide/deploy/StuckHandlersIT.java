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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Handlers that never return (they sleep forever and swallow interrupts) in 100 concurrent
 * invocations, beside 10,000 counter messages on other keys and types, on a standalone node and on
 * a cluster with two workers: every counter message completes while the sleepers are stuck, each
 * sleeper is dead-lettered with {@code TIMEOUT} after its attempts, and SIGTERM still stops the
 * node within 10 s.
 */
class StuckHandlersIT {
  /**
   * The handler timeout the nodes run with. The claim is the mechanism (stuck threads abandoned,
   * the rest served, every sleeper dead-lettered with TIMEOUT), not the default's value, and the
   * sleeper phase grows with it (a standalone node: 28 s of it at 2 s, 16 s at 1 s).
   */
  private static final String HANDLER_TIMEOUT = "1s";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SLEEPERS = 100;
  private static final int KEYS = 100;
  private static final int COUNTS = 10_000;
  private static final Map<String, String> SOURCES =
      Map.of(
          "stuck.Sleeper",
              """
          package stuck;
          import io.eventide.sdk.*;
          public final class Sleeper implements StatefulFunction {
            public void apply(Context c, Message m) {
              while (true) {
                try { Thread.sleep(60_000); } catch (InterruptedException ignored) { }
              }
            }
          }
          """,
          "stuck.Tally",
              """
          package stuck;
          import io.eventide.sdk.*;
          public final class Tally implements StatefulFunction {
            static final ValueSpec<Long> COUNT = ValueSpec.named("count").withType(Types.LONG);
            public void apply(Context c, Message m) {
              c.storage().set(COUNT, c.storage().get(COUNT).orElse(0L) + 1);
            }
          }
          """,
          "stuck.Module",
              """
          package stuck;
          import io.eventide.sdk.*;
          public final class Module implements FunctionModule {
            public void configure(FunctionRegistry r) {
              r.register(TypeName.of("stuck", "sleeper"), Sleeper::new);
              r.register(TypeName.of("stuck", "tally-a"), Tally::new, Tally.COUNT);
              r.register(TypeName.of("stuck", "tally-b"), Tally::new, Tally.COUNT);
            }
          }
          """);

  @TempDir Path tmp;

  @Test
  void aStandaloneNodeKeepsServingBesideStuckHandlersAndStopsOnSigterm() throws Exception {
    NodeProcess node = TestNodes.start(tmp.resolve("data"), "--handler-timeout", HANDLER_TIMEOUT);
    try {
      EventideClient client =
          new EventideClient(node.url(), null, null).withTimeout(Duration.ofSeconds(60));
      run(client, node.log());
      assertStopsWithin(node, Duration.ofSeconds(10));
    } finally {
      node.close();
    }
  }

  @Test
  void aClusterWithTwoWorkersKeepsServingBesideStuckHandlers() throws Exception {
    try (RoleCluster cluster = new RoleCluster(tmp)) {
      cluster.stateService();
      cluster.atOnce(
          () -> cluster.role("dispatcher", "dispatcher-1"),
          () -> cluster.role("worker", "worker-1", "--handler-timeout", HANDLER_TIMEOUT),
          () -> cluster.role("worker", "worker-2", "--handler-timeout", HANDLER_TIMEOUT));
      cluster.role("gateway", "gateway-1");
      run(cluster.client("gateway-1"), cluster.get("dispatcher-1").log());
      for (String role : List.of("gateway-1", "worker-1", "worker-2", "dispatcher-1")) {
        assertStopsWithin(cluster.get(role), Duration.ofSeconds(10));
      }
    }
  }

  private void run(EventideClient client, Path log) throws Exception {
    byte[] jar = BrokenJars.jar(tmp, SOURCES, "stuck.Module", List.of());
    Path jarFile = Files.write(tmp.resolve("stuck.jar"), jar);
    HttpAnswer deployed = client.deploy(jarFile, "stuck");
    assertThat(deployed.status()).as(deployed.text()).isEqualTo(201);

    for (int i = 0; i < SLEEPERS; i++) {
      HttpAnswer sent =
          client.send(
              "stuck/sleeper/s" + i,
              "1".getBytes(StandardCharsets.UTF_8),
              "application/json",
              null,
              null);
      assertThat(sent.status()).as(sent.text()).isEqualTo(202);
    }
    StringBuilder events = new StringBuilder();
    for (int i = 0; i < COUNTS; i++) {
      events
          .append("{\"target\":\"stuck/tally-")
          .append(i % 2 == 0 ? 'a' : 'b')
          .append("/k")
          .append(i % KEYS)
          .append("\",\"payload\":1}\n");
    }
    HttpAnswer ingested = client.ingest("tallies", events.toString());
    assertThat(ingested.status()).as(ingested.text()).isEqualTo(202);

    // Every counter message completes while the sleepers are still being tried.
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(total(client)).isEqualTo(COUNTS));
    int deadBefore = timeouts(client);
    assertThat(deadBefore)
        .as("sleepers dead-lettered before the counters completed")
        .isLessThan(SLEEPERS);

    // Then every sleeper is given up with TIMEOUT: four attempts of HANDLER_TIMEOUT each.
    await()
        .atMost(Duration.ofSeconds(120))
        .untilAsserted(
            () -> assertThat(timeouts(client)).as(NodeProcess.tail(log, 20)).isEqualTo(SLEEPERS));
    assertThat(
            client
                .call(
                    "stuck/tally-a/after",
                    "1".getBytes(StandardCharsets.UTF_8),
                    "application/json",
                    null)
                .status())
        .isEqualTo(200);
  }

  private static long total(EventideClient client) throws Exception {
    long total = 0;
    for (int k = 0; k < KEYS; k++) {
      String type = k % 2 == 0 ? "tally-a" : "tally-b";
      HttpAnswer state = client.state("stuck/" + type + "/k" + k);
      JsonNode count = JSON.readTree(state.text()).path("values").path("count");
      total += count.asLong(0);
    }
    return total;
  }

  /** Dead letters of the sleepers, each checked to be a TIMEOUT after every attempt. */
  private static int timeouts(EventideClient client) throws Exception {
    HttpAnswer page = client.egress("dead-letters", 0, 1000);
    int count = 0;
    for (JsonNode record : JSON.readTree(page.text()).path("records")) {
      JsonNode letter = JSON.readTree(record.path("payload").asText());
      assertThat(letter.path("target").asText()).startsWith("stuck/sleeper/");
      assertThat(letter.path("error").path("code").asText()).isEqualTo("TIMEOUT");
      count++;
    }
    return count;
  }

  private static void assertStopsWithin(NodeProcess process, Duration limit) {
    long started = System.nanoTime();
    process.stop(Duration.ofSeconds(30));
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as(process.log().toString())
        .isLessThan(limit);
    assertThat(process.isAlive()).isFalse();
  }
}
