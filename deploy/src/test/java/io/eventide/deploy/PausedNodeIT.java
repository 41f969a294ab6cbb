package io.eventide.deploy;

import static io.eventide.deploy.ClusterNodesIT.WAIT;
import static io.eventide.deploy.ClusterNodesIT.awaitCounts;
import static io.eventide.deploy.ClusterNodesIT.sendRound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.process.NodeProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node paused with SIGSTOP past its lease: the other takes its key groups over; resumed, the
 * paused node finds it lost them and can no longer commit for them (its commits are fenced on the
 * old epochs), so nothing it had in memory is applied twice; it then rejoins and serves again.
 */
class PausedNodeIT {
  @TempDir Path tmp;

  @Test
  void aNodePausedPastItsLeaseLosesItsGroupsAndNothingIsAppliedTwice() throws Exception {
    try (ClusterFixture cluster = new ClusterFixture(tmp)) {
      ClusterFixture.TwoNodes nodes = cluster.twoServingNodes();
      NodeProcess a = nodes.a();
      NodeProcess b = nodes.b();
      EventideClient toA = nodes.toA();
      EventideClient toB = nodes.toB();
      sendRound(toB, 1);
      awaitCounts(toA, 1);

      signal("STOP", b);
      try {
        // Taken in by a; b's groups wait until b's membership expires, then a processes them.
        sendRound(toA, 2);
        awaitCounts(toA, 2);
      } finally {
        signal("CONT", b);
      }

      await()
          .atMost(WAIT)
          .until(
              () ->
                  Files.readString(b.log(), StandardCharsets.UTF_8).contains("b lost key groups"));
      // b rejoins: groups come back to it, and what goes through it counts once more, no more.
      await().atMost(WAIT).until(() -> ClusterFixture.probeRedirectedBy(a) != null);
      sendRound(toB, 3);
      awaitCounts(toA, 3);
    }
  }

  private static void signal(String name, NodeProcess node) throws Exception {
    Process kill =
        new ProcessBuilder("kill", "-" + name, Long.toString(node.pid())).inheritIO().start();
    assertThat(kill.waitFor()).as("kill -%s %d", name, node.pid()).isZero();
  }
}
