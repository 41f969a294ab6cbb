package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.process.NodeProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log of a node process: admin actions and refusals as JSON lines on its stderr and as
 * entries of {@code GET /v1/audit}, the oldest trimmed past {@code --audit-retention-entries}, and
 * no token anywhere in the node's log.
 */
class AuditIT {
  static final String OPS = "ops-secret-7f3a";
  static final String FEEDER = "feed-secret-91bc";
  static final String WRONG = "wrong-secret-c0de";
  static final String FLAG = "flag-secret-5e5e";

  static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path tmp;
  private NodeProcess node;

  @AfterEach
  void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void adminActionsAreLoggedAndKeptWithinTheirRetention() throws IOException {
    Path tokens =
        Files.writeString(
            tmp.resolve("tokens.json"),
            ("{'tokens': [{'name':'ops','token':'"
                    + OPS
                    + "','role':'admin'},"
                    + "{'name':'feeder','token':'"
                    + FEEDER
                    + "','role':'ingress'}]}")
                .replace('\'', '"'));
    node =
        TestNodes.start(
            tmp.resolve("data"),
            "--tokens",
            tokens.toString(),
            "--admin-token",
            FLAG,
            "--audit-retention",
            "40s",
            "--audit-retention-entries",
            "3");
    EventideClient ops = new EventideClient(node.url(), OPS, OPS);
    String egress = "{\"name\":\"hooks\",\"kind\":\"http\",\"url\":\"http://127.0.0.1:9/h\"}";

    assertThat(
            new EventideClient(node.url(), WRONG, null)
                .deploy(TestNodes.examplesJar(), null)
                .status())
        .isEqualTo(401);
    assertThat(
            new EventideClient(node.url(), FEEDER, null)
                .deploy(TestNodes.examplesJar(), null)
                .status())
        .isEqualTo(403);
    JsonNode deployed = Json.parse(ops.deploy(TestNodes.examplesJar(), null));
    String id = deployed.path("deploymentId").asText();
    assertThat(ops.postAdmin("/v1/egresses", egress).status()).isEqualTo(201);
    assertThat(ops.delete("/v1/egresses/hooks").status()).isEqualTo(200);
    assertThat(new EventideClient(node.url(), FLAG, null).delete("/v1/deployments/" + id).status())
        .isEqualTo(200);

    List<String> expected =
        List.of(
            "deployment.create null (unknown) 401 UNAUTHORIZED",
            "deployment.create null feeder 403 FORBIDDEN",
            "deployment.create " + id + " ops 201 ok",
            "egress.create hooks ops 201 ok",
            "egress.delete hooks ops 200 ok",
            "deployment.delete " + id + " admin 200 ok");
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(lines().stream().map(AuditIT::describe))
                    .containsExactlyElementsOf(expected));
    // Retention keeps the newest three. It sweeps every quarter of the 40 s, well before the
    // entries are 40 s old.
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(stored(ops).stream().map(AuditIT::describe))
                    .containsExactlyElementsOf(expected.subList(3, 6)));
    String log = Files.readString(node.log(), StandardCharsets.UTF_8);
    for (String secret : List.of(OPS, FEEDER, WRONG, FLAG)) {
      assertThat(log).doesNotContain(secret);
      assertThat(ops.get("/v1/audit?limit=1000").text()).doesNotContain(secret);
    }
  }

  @Test
  void inAClusterEveryGatewayWritesToTheStoreAndTheDispatcherTrims() throws Exception {
    try (RoleCluster cluster = new RoleCluster(tmp.resolve("cluster")).stateService()) {
      cluster.role(
          "dispatcher", "d1", "--audit-retention", "40s", "--audit-retention-entries", "2");
      NodeProcess one = cluster.role("gateway", "g1", "--admin-token", OPS);
      NodeProcess two = cluster.role("gateway", "g2", "--admin-token", OPS);
      EventideClient first = new EventideClient(one.url(), OPS, null);
      EventideClient second = new EventideClient(two.url(), OPS, null);
      String egress = "{\"name\":\"hooks\",\"kind\":\"http\",\"url\":\"http://127.0.0.1:9/h\"}";

      cluster.explained(
          () -> {
            assertThat(first.postAdmin("/v1/egresses", egress).status()).isEqualTo(201);
            assertThat(second.delete("/v1/egresses/hooks").status()).isEqualTo(200);
            assertThat(new EventideClient(one.url(), WRONG, null).delete("/v1/egresses/x").status())
                .isEqualTo(401);
            // Both gateways' entries are in the store, and either serves them; the dispatcher
            // holding key group 0 keeps the newest two.
            Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(
                    () ->
                        assertThat(stored(second).stream().map(AuditIT::describe))
                            .containsExactly(
                                "egress.delete hooks admin 200 ok",
                                "egress.delete x (unknown) 401 UNAUTHORIZED"));
            assertThat(stored(first)).isEqualTo(stored(second));
          });
    }
  }

  /** The node's audit lines: the lines of its stderr that are a JSON object with an action. */
  List<JsonNode> lines() {
    List<JsonNode> lines = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(node.log(), StandardCharsets.UTF_8)) {
        if (line.startsWith("{\"time\":")) {
          lines.add(MAPPER.readTree(line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }

  static List<JsonNode> stored(EventideClient ops) {
    List<JsonNode> all = new ArrayList<>();
    Json.parse(ops.get("/v1/audit")).path("entries").forEach(all::add);
    return all;
  }

  static String describe(JsonNode entry) {
    return String.join(
        " ",
        entry.path("action").asText(),
        entry.path("target").asText(),
        entry.path("token").asText(),
        entry.path("status").asText(),
        entry.path("outcome").asText());
  }
}
