package io.eventide.deploy;

import static io.eventide.deploy.ClusterFixture.counts;
import static io.eventide.deploy.ClusterFixture.redirected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.client.HttpAnswer;
import io.eventide.deploy.process.NodeProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes with {@code --cluster} on one {@code eventide state-service}: they split the key
 * groups, a call sent to the node that does not hold its key group is redirected (307) to the one
 * that does, and when one node is killed with SIGKILL the other takes its groups over once its
 * membership expires and goes on, every message counted exactly once.
 */
class ClusterNodesIT {
  static final int KEYS = 12;
  static final Duration WAIT = ClusterFixture.WAIT;

  @TempDir Path tmp;

  @Test
  void nodesSplitTheKeyGroupsRedirectCallsAndTakeOverFromAKilledNode() throws Exception {
    try (ClusterFixture cluster = new ClusterFixture(tmp)) {
      ClusterFixture.TwoNodes nodes = cluster.twoServingNodes();
      NodeProcess a = nodes.a();
      NodeProcess b = nodes.b();
      EventideClient toA = nodes.toA();
      EventideClient toB = nodes.toB();
      String probe = nodes.probe();

      for (int round = 1; round <= 2; round++) {
        for (int k = 0; k < KEYS; k++) {
          EventideClient via = (k + round) % 2 == 0 ? toA : toB;
          String address = "example/counter/k" + k;
          String key = "call-" + round + "-" + k;
          // While groups change hands a call may meet 503 or a redirect chain; the same key
          // retried is answered once.
          HttpAnswer[] answer = new HttpAnswer[1];
          await()
              .atMost(WAIT)
              .until(
                  () -> {
                    answer[0] =
                        via.call(
                            address, "1".getBytes(StandardCharsets.UTF_8), "application/json", key);
                    return answer[0].status() == 200;
                  });
          assertThat(answer[0].text()).as("call %d/k%d", round, k).isEqualTo(String.valueOf(round));
        }
      }
      assertThat(redirected(a, probe))
          .startsWith("http://127.0.0.1:" + b.port() + "/v1/call/example/counter/" + probe);
      assertThat(redirected(b, probe)).as("b takes the calls of its own key groups").isNull();
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                JsonNode view = Json.parse(toA.get("/v1/cluster").requireOk("GET /v1/cluster"));
                assertThat(view.path("mode").asText()).isEqualTo("cluster");
                assertThat(view.path("nodes").findValuesAsText("id")).containsExactly("a", "b");
                assertThat(view.path("nodes").findValuesAsText("endpoint"))
                    .containsExactly("127.0.0.1:" + a.port(), "127.0.0.1:" + b.port());
                assertThat(
                        view.path("nodes").get(0).path("keyGroups").size()
                            + view.path("nodes").get(1).path("keyGroups").size())
                    .isEqualTo(16);
                assertThat(view.path("leases").size()).isEqualTo(16);
              });

      b.kill();
      long killed = System.nanoTime();
      // Sends are durable at a; the groups b held wait for b's membership to expire (2 s), then
      // a takes them over and processes what waited.
      sendRound(toA, 3);
      awaitCounts(toA, 3);
      // The failover figure: from SIGKILL to every key counted at the survivor (lease ttl 2 s).
      System.out.printf(
          "ClusterNodesIT: failover, kill to all processed: %d ms%n",
          Duration.ofNanos(System.nanoTime() - killed).toMillis());
    }
  }

  static void sendRound(EventideClient via, int round) {
    for (int k = 0; k < KEYS; k++) {
      assertThat(
              via.send(
                      "example/counter/k" + k,
                      "1".getBytes(StandardCharsets.UTF_8),
                      "application/json",
                      "send-" + round + "-" + k,
                      null)
                  .status())
          .isEqualTo(202);
    }
  }

  /** Waits until every key counted {@code rounds}, then checks each count appeared exactly once. */
  static void awaitCounts(EventideClient via, int rounds) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              for (int k = 0; k < KEYS; k++) {
                assertThat(Json.longState(via, "example/counter/k" + k, "count"))
                    .as("k%d", k)
                    .isEqualTo(rounds);
              }
            });
    Map<String, List<Long>> counts = counts(via);
    assertThat(counts).hasSize(KEYS);
    counts.forEach(
        (key, values) ->
            assertThat(values)
                .as(key)
                .containsExactlyInAnyOrderElementsOf(
                    LongStream.rangeClosed(1, rounds).boxed().toList()));
  }
}
