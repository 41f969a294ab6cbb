package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.client.HttpAnswer;
import io.eventide.deploy.process.NodeProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes with {@code --cluster} on one {@code eventide state-service}: they split the key
 * groups, a call sent to the node that does not hold its key group is redirected (307) to the one
 * that does, and when one node is killed with SIGKILL the other takes its groups over once its
 * membership expires and goes on, every message counted exactly once.
 */
class ClusterNodesIT {
  private static final int KEYS = 12;
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path tmp;
  private final List<NodeProcess> processes = new ArrayList<>();

  @AfterEach
  void stopAll() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).close();
    }
  }

  @Test
  void nodesSplitTheKeyGroupsRedirectCallsAndTakeOverFromAKilledNode() throws Exception {
    NodeProcess state = started(NodeProcess.startRole("state-service", TestNodes.childClassPath(),
        List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
        List.of("--grpc-port", "0", "--data-dir", tmp.resolve("state").toString()), Map.of(),
        Path.of("target", "it-logs", "cluster-state-" + ProcessHandle.current().pid() + ".log").toAbsolutePath(),
        TestNodes.START_TIMEOUT));
    String store = "remote:127.0.0.1:" + state.port();
    NodeProcess a = started(node("a", store));
    EventideClient toA = client(a);
    NodeProcess b = started(node("b", store));
    EventideClient toB = client(b);
    // Deployed through a: b's worker and gateway find it in the store.
    assertThat(toA.deploy(TestNodes.examplesJar(), "examples").status()).isEqualTo(201);

    // b serves once a sends some probe key to it (probes use their own ids, outside the counts),
    // and b knows the deployment once it takes a probe of its own groups.
    await().atMost(WAIT).until(() -> probeRedirectedBy(a) != null);
    String probe = probeRedirectedBy(a);
    await().atMost(WAIT).until(() -> probe(b, probe).statusCode() == 200);
    for (int round = 1; round <= 2; round++) {
      for (int k = 0; k < KEYS; k++) {
        EventideClient via = (k + round) % 2 == 0 ? toA : toB;
        String address = "example/counter/k" + k;
        String key = "call-" + round + "-" + k;
        // While groups change hands a call may meet 503 or a redirect chain; the same key retried
        // is answered once.
        HttpAnswer[] answer = new HttpAnswer[1];
        await().atMost(WAIT).until(() -> {
          answer[0] = via.call(address, "1".getBytes(StandardCharsets.UTF_8), "application/json", key);
          return answer[0].status() == 200;
        });
        assertThat(answer[0].text()).as("call %d/k%d", round, k).isEqualTo(String.valueOf(round));
      }
    }
    assertThat(redirected(a, probe)).startsWith("http://127.0.0.1:" + b.port() + "/v1/call/example/counter/" + probe);
    assertThat(redirected(b, probe)).as("b takes the calls of its own key groups").isNull();

    b.kill();
    long killed = System.nanoTime();
    // Sends are durable at a; the groups b held wait for b's membership to expire (2 s), then a
    // takes them over and processes what waited.
    for (int k = 0; k < KEYS; k++) {
      assertThat(toA.send("example/counter/k" + k, "1".getBytes(StandardCharsets.UTF_8), "application/json",
          "send-3-" + k, null).status()).isEqualTo(202);
    }
    await().atMost(WAIT).untilAsserted(() -> {
      for (int k = 0; k < KEYS; k++) {
        assertThat(Json.longState(toA, "example/counter/k" + k, "count")).as("k%d", k).isEqualTo(3);
      }
    });
    // The failover figure: from SIGKILL to every key counted at the survivor (lease ttl 2 s).
    System.out.printf("ClusterNodesIT: failover, kill to all processed: %d ms%n",
        Duration.ofNanos(System.nanoTime() - killed).toMillis());
    Map<String, List<Long>> counts = new TreeMap<>();
    for (String record : Json.egress(toA, "counts")) {
      if (!record.startsWith("id=k")) {
        continue; // a probe
      }
      String[] parts = record.split(" ");
      counts.computeIfAbsent(parts[0].substring(3), x -> new ArrayList<>()).add(Long.parseLong(parts[1].substring(6)));
    }
    assertThat(counts).hasSize(KEYS);
    counts.forEach((key, values) -> assertThat(values).as(key)
        .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 3).boxed().toList()));
  }

  /** A probe id whose call {@code node} redirects, or null when it takes every probe itself. */
  private static String probeRedirectedBy(NodeProcess node) throws Exception {
    for (int i = 0; i < 16; i++) {
      if (redirected(node, "p" + i) != null) {
        return "p" + i;
      }
    }
    return null;
  }

  /** The Location a node answers a call for {@code id} with, or null when it takes the call itself. */
  private static String redirected(NodeProcess node, String id) throws Exception {
    HttpResponse<String> response = probe(node, id);
    return response.statusCode() == 307 ? response.headers().firstValue("Location").orElseThrow() : null;
  }

  /** A call for {@code id}, redirects not followed. */
  private static HttpResponse<String> probe(NodeProcess node, String id) throws Exception {
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(node.url() + "/v1/call/example/counter/" + id + "?timeout=5s"))
            .header("Content-Type", "application/json").header("Idempotency-Key", "probe-" + node.port())
            .POST(HttpRequest.BodyPublishers.ofString("0")).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private NodeProcess node(String id, String store) {
    return TestNodes.start(tmp.resolve(id), "--store", store, "--cluster", "--node-id", id, "--lease-ttl", "2s",
        "--key-groups", "16");
  }

  private NodeProcess started(NodeProcess process) {
    processes.add(process);
    return process;
  }

  private static EventideClient client(NodeProcess node) {
    return new EventideClient(node.url(), null, null).withTimeout(Duration.ofSeconds(30));
  }
}
