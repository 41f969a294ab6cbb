package io.eventide.deploy;

import static io.eventide.deploy.ClusterFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventide.deploy.process.NodeProcess;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployment made through one node is served by the other at once, before its periodic refresh
 * (every 2 s): its worker, meeting a type it does not know, reads the catalog instead of failing
 * the call as unknown. Before, the call was retried for less than a second, dead-lettered, and that
 * failure kept as the answer to its idempotency key.
 */
class PeerDeploymentIT {
  @TempDir Path tmp;

  @Test
  void aCallThroughTheOtherNodeRightAfterADeploymentFindsTheFunction() throws Exception {
    try (ClusterFixture cluster = new ClusterFixture(tmp)) {
      cluster.stateService();
      NodeProcess a = cluster.node("a");
      NodeProcess b = cluster.node("b");
      await()
          .atMost(WAIT)
          .until(
              () ->
                  log(a).contains("a acquired key groups")
                      && log(b).contains("b acquired key groups"));

      assertThat(ClusterFixture.client(a).deploy(TestNodes.examplesJar(), "examples").status())
          .isEqualTo(201);
      int servedByB = 0;
      for (int i = 0; i < 16; i++) {
        HttpResponse<String> answer = ClusterFixture.probe(b, "p" + i);
        if (answer.statusCode() != 307) {
          assertThat(answer.statusCode()).as("b answers p%d: %s", i, answer.body()).isEqualTo(200);
          servedByB++;
        }
      }
      assertThat(servedByB).as("probes b takes itself").isPositive();
    }
  }

  private static String log(NodeProcess node) throws Exception {
    return Files.readString(node.log(), StandardCharsets.UTF_8);
  }
}
