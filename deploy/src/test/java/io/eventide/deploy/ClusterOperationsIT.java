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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dead-letter replay and rollback on a cluster of role processes: the gateway lists from the store,
 * replays through the dispatcher holding the key group ({@code Dispatch.Replay}), and rolls back in
 * the catalog, which the worker follows.
 */
class ClusterOperationsIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path tmp;

  @Test
  void aDeadLetterIsReplayedOnceAndARollbackReachesTheWorker() throws Exception {
    try (RoleCluster cluster =
        new RoleCluster(tmp.resolve("cluster")).stateService("--metrics-port", "0")) {
      NodeProcess dispatcher = cluster.role("dispatcher", "dispatcher-1", "--metrics-port", "0");
      NodeProcess worker = cluster.role("worker", "worker-1", "--metrics-port", "0");
      cluster.role("gateway", "gateway", "--deployment-versions-kept", "2");
      EventideClient client = cluster.client("gateway");
      cluster.explained(
          () -> {
            deploy(client, ReplayVersions.broken(tmp), "dlq");
            HttpAnswer sent =
                client.send(ReplayVersions.TYPE + "/c", bytes("x"), "text/plain", null, 7_000L);
            assertThat(sent.status()).as(sent.text()).isEqualTo(202);
            String id = Json.parse(sent).path("messageId").asText();
            await().atMost(WAIT).until(() -> client.get("/v1/dead-letters/" + id).status() == 200);
            deploy(client, ReplayVersions.fixed(tmp), "dlq");
            // A worker follows deployments within its refresh (2 s): replay once it serves the
            // fix, as an operator would after checking, or the replay fails on the broken one.
            int[] probe = {0};
            await()
                .atMost(WAIT)
                .until(
                    () ->
                        client
                                .call(
                                    ReplayVersions.TYPE + "/probe-" + probe[0]++,
                                    bytes("p"),
                                    "text/plain",
                                    null)
                                .status()
                            == 200);

            HttpAnswer replay = replay(client, id);

            assertThat(replay.status()).as(replay.text()).isEqualTo(202);
            await()
                .atMost(WAIT)
                .until(() -> Json.longState(client, ReplayVersions.TYPE + "/c", "count") == 1);
            assertThat(Json.longState(client, ReplayVersions.TYPE + "/c", "eventtime"))
                .isEqualTo(7_000L);
            assertThat(replay(client, id).status()).isEqualTo(404);

            deploy(client, ReplayVersions.echo(tmp, "v1"), "ver");
            deploy(client, ReplayVersions.echo(tmp, "v2"), "ver");
            await().atMost(WAIT).until(() -> echo(client).equals("v2"));
            HttpAnswer rolled =
                client.post(
                    "/v1/deployments/ver/rollback?version=1",
                    new byte[0],
                    "application/json",
                    null,
                    null);
            assertThat(rolled.status()).as(rolled.text()).isEqualTo(201);
            await().atMost(WAIT).until(() -> echo(client).equals("v1"));
            assertThat(versions(client)).containsExactly(2, 3);

            // What the roles counted meanwhile, as Prometheus scrapes each of them.
            String dispatched = RoleMetrics.scrape(dispatcher);
            assertThat(RoleMetrics.value(dispatched, "eventide_messages_dead_lettered_total"))
                .isGreaterThanOrEqualTo(1.0); // the broken version's message (and failed probes)
            assertThat(RoleMetrics.value(dispatched, "eventide_messages_processed_total"))
                .isGreaterThanOrEqualTo(2.0); // the replay and the probe that found the fix
            assertThat(dispatched)
                .contains("eventide_invocations_paused_total{reason=\"workers\"}");
            assertThat(RoleMetrics.scrape(worker))
                .contains("eventide_worker_invocation_duration_seconds_count")
                .contains("jvm_memory_used_bytes");
            assertThat(RoleMetrics.status(dispatcher, "/other")).isEqualTo(404);
            String stored = RoleMetrics.scrape(cluster.get("state-service"));
            assertThat(stored)
                .containsPattern(
                    "grpc_server_processing_duration_seconds_count\\{[^}]*method=\"Commit\"[^}]*"
                        + "statusCode=\"OK\"[^}]*\\} [1-9]")
                .contains("jvm_memory_used_bytes");
            assertThat(RoleMetrics.value(stored, "eventide_store_sessions_open"))
                .isBetween(0.0, 4_096.0);
          });
    }
  }

  private static HttpAnswer replay(EventideClient client, String id) {
    return client.post(
        "/v1/dead-letters/" + id + "/replay", new byte[0], "application/json", null, null);
  }

  private static void deploy(EventideClient client, byte[] jar, String name) {
    HttpAnswer answer =
        client.post("/v1/deployments?name=" + name, jar, "application/java-archive", null, null);
    assertThat(answer.status()).as(answer.text()).isEqualTo(201);
  }

  private static String echo(EventideClient client) {
    return client.call("ver/echo/x", bytes("?"), "text/plain", null).text();
  }

  private static List<Integer> versions(EventideClient client) {
    JsonNode listed = Json.parse(client.get("/v1/deployments/ver/versions").requireOk("versions"));
    List<Integer> versions = new ArrayList<>();
    listed.path("versions").forEach(v -> versions.add(v.path("version").asInt()));
    return versions;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
