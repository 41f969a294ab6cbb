package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.process.NodeProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A state-service process and clustered node processes on it (2 s leases, 16 key groups), all
 * stopped by {@link #close}, and the probes the cluster tests share.
 */
final class ClusterFixture implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(60);

  private final Path dir;
  private final List<NodeProcess> processes = new ArrayList<>();
  private NodeProcess state;

  ClusterFixture(Path dir) {
    this.dir = dir;
  }

  /** Starts the state-service the nodes share. */
  NodeProcess stateService() {
    state =
        started(
            NodeProcess.startRole(
                "state-service",
                TestNodes.childClassPath(),
                TestNodes.jvm("256m"),
                List.of("--grpc-port", "0", "--data-dir", dir.resolve("state").toString()),
                Map.of(),
                Path.of(
                        "target",
                        "it-logs",
                        "cluster-state-" + ProcessHandle.current().pid() + ".log")
                    .toAbsolutePath(),
                TestNodes.START_TIMEOUT));
    return state;
  }

  /** Starts node {@code id} with {@code --cluster} on the state-service. */
  NodeProcess node(String id) {
    return started(
        TestNodes.start(
            dir.resolve(id),
            "--store",
            "remote:127.0.0.1:" + state.port(),
            "--cluster",
            "--node-id",
            id,
            "--lease-ttl",
            "2s",
            "--key-groups",
            "16"));
  }

  /** Two nodes, a and b, both serving their share, with the examples deployed through a. */
  record TwoNodes(
      NodeProcess a, NodeProcess b, EventideClient toA, EventideClient toB, String probe) {}

  /**
   * Starts the state-service and nodes a and b, deploys the examples through a, and waits until b
   * holds key groups and knows the deployment; {@code probe} is a probe id of b's groups.
   */
  TwoNodes twoServingNodes() throws Exception {
    stateService();
    NodeProcess a = node("a");
    NodeProcess b = node("b");
    EventideClient toA = client(a);
    assertThat(toA.deploy(TestNodes.examplesJar(), "examples").status()).isEqualTo(201);
    await().atMost(WAIT).until(() -> probeRedirectedBy(a) != null);
    String probe = probeRedirectedBy(a);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              HttpResponse<String> answer = probe(b, probe);
              assertThat(answer.statusCode())
                  .as("b answers probe %s: %s", probe, answer.body())
                  .isEqualTo(200);
            });
    return new TwoNodes(a, b, toA, client(b), probe);
  }

  private NodeProcess started(NodeProcess process) {
    processes.add(process);
    return process;
  }

  static EventideClient client(NodeProcess node) {
    return new EventideClient(node.url(), null, null).withTimeout(Duration.ofSeconds(30));
  }

  /** A probe id whose call {@code node} redirects, or null when it takes every probe itself. */
  static String probeRedirectedBy(NodeProcess node) throws Exception {
    for (int i = 0; i < 16; i++) {
      if (redirected(node, "p" + i) != null) {
        return "p" + i;
      }
    }
    return null;
  }

  /** The Location a node answers a call for {@code id} with, or null when it does not redirect. */
  static String redirected(NodeProcess node, String id) throws Exception {
    HttpResponse<String> response = probe(node, id);
    return response.statusCode() == 307
        ? response.headers().firstValue("Location").orElseThrow()
        : null;
  }

  /** A call of 0 to {@code example/counter/ID} (probe ids stay out of the counts), not followed. */
  static HttpResponse<String> probe(NodeProcess node, String id) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create(node.url() + "/v1/call/example/counter/" + id + "?timeout=5s"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "probe-" + node.port())
                .POST(HttpRequest.BodyPublishers.ofString("0"))
                .timeout(Duration.ofSeconds(20))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /** The "id=kN count=C" records of egress 'counts' by key (probes left out), in egress order. */
  static Map<String, List<Long>> counts(EventideClient client) {
    Map<String, List<Long>> counts = new TreeMap<>();
    for (String record : Json.egress(client, "counts")) {
      if (record.startsWith("id=k")) {
        String[] parts = record.split(" ");
        counts
            .computeIfAbsent(parts[0].substring(3), x -> new ArrayList<>())
            .add(Long.parseLong(parts[1].substring(6)));
      }
    }
    return counts;
  }

  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).close();
    }
  }
}
