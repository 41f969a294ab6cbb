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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Versions and rollback on a node process kept to three versions per deployment: calls see the
 * version deployed last, a rollback serves an earlier jar again as a new version, the oldest
 * versions beyond the three go, and all of it survives a restart.
 */
class RollbackIT {
  private static final String ADDRESS = "ver/echo/x";

  @TempDir Path tmp;
  private NodeProcess node;
  private EventideClient client;

  @AfterEach
  void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void callsSeeTheVersionRolledBackToAndRetentionKeepsTheNewestVersions() {
    Path data = tmp.resolve("data");
    start(data);
    assertThat(deploy("v1").path("version").asInt()).isEqualTo(1);
    assertThat(call()).isEqualTo("v1");
    assertThat(deploy("v2").path("version").asInt()).isEqualTo(2);
    assertThat(call()).isEqualTo("v2");
    assertThat(versions("ver")).containsExactly(1, 2);

    HttpAnswer rolled =
        client.post(
            "/v1/deployments/ver/rollback?version=1", new byte[0], "application/json", null, null);

    assertThat(rolled.status()).as(rolled.text()).isEqualTo(201);
    JsonNode v3 = Json.parse(rolled);
    assertThat(v3.path("version").asInt()).isEqualTo(3);
    assertThat(v3.path("rollbackOf").asInt()).isEqualTo(1);
    assertThat(call()).isEqualTo("v1");
    JsonNode listed = Json.parse(client.get("/v1/deployments/ver/versions").requireOk("versions"));
    assertThat(listed.path("current").asInt()).isEqualTo(3);
    assertThat(listed.path("versions").get(2).path("rollbackOf").asInt()).isEqualTo(1);
    assertThat(listed.path("versions").get(2).path("current").asBoolean()).isTrue();
    assertThat(versions(v3.path("deploymentId").asText()))
        .as("by the current id as by the name")
        .containsExactly(1, 2, 3);

    assertThat(deploy("v2").path("version").asInt()).isEqualTo(4);
    assertThat(call()).isEqualTo("v2");
    assertThat(versions("ver")).as("three kept: the oldest went").containsExactly(2, 3, 4);
    Cli.Result table = Cli.run("deployments", "versions", "ver", "--url", node.url().toString());
    assertThat(table.exitCode()).as(table.err()).isZero();
    assertThat(table.out().lines().toList())
        .hasSize(4)
        .anySatisfy(line -> assertThat(line).startsWith("3 ").matches(".*\\s1\\s+ver/echo$"))
        .anySatisfy(line -> assertThat(line).startsWith("4 ").contains(" * "));
    Cli.Result help = Cli.run("deployments", "--help");
    assertThat(help.out()).contains("Example:", "rollback ID N", "--output");
    assertThat(rollback("ver", "1").status()).as("not kept any more").isEqualTo(404);
    assertThat(rollback("ver", "4").status()).as("current already").isEqualTo(409);
    assertThat(rollback("ver", "0").status()).isEqualTo(400);
    assertThat(rollback("ver", "x").status()).isEqualTo(400);
    assertThat(
            client
                .post("/v1/deployments/ver/rollback", new byte[0], "application/json", null, null)
                .status())
        .isEqualTo(400);
    assertThat(rollback("nope", "1").status()).isEqualTo(404);
    assertThat(client.get("/v1/deployments/nope/versions").status()).isEqualTo(404);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> auditActions().contains("deployment.rollback"));

    assertThat(node.stop(Duration.ofSeconds(30))).isIn(0, 143);
    start(data);
    assertThat(versions("ver")).containsExactly(2, 3, 4);
    assertThat(call()).isEqualTo("v2");
    Cli.Result rolledBack =
        Cli.run(
            "deployments",
            "rollback",
            "ver",
            "3",
            "--url",
            node.url().toString(),
            "--output",
            "json");
    assertThat(rolledBack.exitCode()).as(rolledBack.err()).isZero();
    assertThat(
            Json.parse(
                    new HttpAnswer(
                        201, "application/json", rolledBack.out().getBytes(StandardCharsets.UTF_8)))
                .path("rollbackOf")
                .asInt())
        .isEqualTo(3);
    assertThat(call()).isEqualTo("v1");
    assertThat(versions("ver")).containsExactly(3, 4, 5);

    Cli.Result all = Cli.run("deployments", "--url", node.url().toString());
    assertThat(all.out()).startsWith("ID ").contains(" ver ", "ver/echo");
    Cli.Result deleted = Cli.run("deployments", "delete", "ver", "--url", node.url().toString());
    assertThat(deleted.exitCode()).as(deleted.err()).isZero();
    assertThat(deleted.out()).isEqualTo("deleted ver\n");
    assertThat(client.get("/v1/deployments/ver/versions").status()).isEqualTo(404);
    assertThat(deploy("v1").path("version").asInt())
        .as("a deleted deployment's versions went with it")
        .isEqualTo(1);
  }

  private HttpAnswer rollback(String id, String version) {
    return client.post(
        "/v1/deployments/" + id + "/rollback?version=" + version,
        new byte[0],
        "application/json",
        null,
        null);
  }

  private List<Integer> versions(String id) {
    JsonNode listed = Json.parse(client.get("/v1/deployments/" + id + "/versions").requireOk(id));
    List<Integer> versions = new ArrayList<>();
    listed.path("versions").forEach(v -> versions.add(v.path("version").asInt()));
    return versions;
  }

  private List<String> auditActions() {
    JsonNode entries = Json.parse(client.get("/v1/audit?limit=1000")).path("entries");
    List<String> actions = new ArrayList<>();
    entries.forEach(e -> actions.add(e.path("action").asText()));
    return actions;
  }

  /** Deploys the echo jar answering {@code reply} under the name {@code ver}. */
  private JsonNode deploy(String reply) {
    HttpAnswer answer =
        client.post(
            "/v1/deployments?name=ver",
            ReplayVersions.echo(tmp, reply),
            "application/java-archive",
            null,
            null);
    assertThat(answer.status()).as(answer.text()).isEqualTo(201);
    return Json.parse(answer);
  }

  private String call() {
    HttpAnswer answer =
        client.call(ADDRESS, "?".getBytes(StandardCharsets.UTF_8), "text/plain", null);
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    return answer.text();
  }

  private void start(Path data) {
    node = TestNodes.start(data, "--deployment-versions-kept", "3");
    client = new EventideClient(node.url(), null, null).withTimeout(Duration.ofSeconds(60));
  }
}
