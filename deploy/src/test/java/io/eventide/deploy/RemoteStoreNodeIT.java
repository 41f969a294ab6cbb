package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventide.deploy.client.EventideClient;
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
 * A node whose store is an {@code eventide state-service} process: everything durable lives there,
 * so a node killed with SIGKILL is replaced by one with a fresh data dir that takes the key groups
 * over (a new lease epoch), finds the deployment, and goes on counting exactly once.
 */
class RemoteStoreNodeIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String COUNTER = "example/counter/remote";

  @TempDir Path tmp;

  @Test
  void aReplacementNodeOnTheSameStateServiceContinuesExactlyOnce() {
    try (NodeProcess state =
        NodeProcess.startRole(
            "state-service",
            TestNodes.childClassPath(),
            TestNodes.jvm("256m"),
            List.of("--grpc-port", "0", "--data-dir", tmp.resolve("state").toString()),
            Map.of(),
            Path.of("target", "it-logs", "remote-state-" + ProcessHandle.current().pid() + ".log")
                .toAbsolutePath(),
            TestNodes.START_TIMEOUT)) {
      String store = "remote:127.0.0.1:" + state.port();

      try (NodeProcess first = TestNodes.start(tmp.resolve("first"), "--store", store)) {
        EventideClient client = client(first);
        assertThat(client.deploy(TestNodes.examplesJar(), "examples").status()).isEqualTo(201);
        send(client, 1, 20);
        await().atMost(WAIT).until(() -> Json.longState(client, COUNTER, "count") == 20);
        first.kill();
      }

      try (NodeProcess second = TestNodes.start(tmp.resolve("second"), "--store", store)) {
        EventideClient client = client(second);
        // Retried keys of the first node are recognised; new ones count.
        send(client, 15, 25);
        await().atMost(WAIT).until(() -> Json.longState(client, COUNTER, "count") == 25);
        assertThat(Json.egress(client, "counts"))
            .containsExactlyElementsOf(
                LongStream.rangeClosed(1, 25).mapToObj(n -> "id=remote count=" + n).toList());
      }
    }
  }

  private static void send(EventideClient client, int from, int to) {
    for (int i = from; i <= to; i++) {
      assertThat(
              client
                  .send(
                      COUNTER,
                      "1".getBytes(StandardCharsets.UTF_8),
                      "application/json",
                      "remote-" + i,
                      null)
                  .status())
          .isEqualTo(202);
    }
  }

  private static EventideClient client(NodeProcess node) {
    return new EventideClient(node.url(), null, null).withTimeout(Duration.ofSeconds(20));
  }
}
