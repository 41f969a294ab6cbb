package io.eventide.deploy;

import static io.eventide.deploy.ExamplesNode.assertJsonError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.client.HttpAnswer;
import io.eventide.deploy.files.Trees;
import io.eventide.deploy.process.NodeProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code POST /v1/backups} and {@code eventide backup|restore} around their one success: who may
 * (the admin token), where to (an absolute, new or empty directory outside the data dir), what a
 * restore accepts (a complete backup of a known format, into an empty data dir), and that a node
 * without an embedded store refuses, naming the backup to use instead. Each refusal is a 4xx JSON
 * error, or a CLI exit code with the reason; the admin routes' audit log records them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackupApiIT {
  private Path tmp;
  private NodeProcess node;
  private EventideClient ops;

  @BeforeAll
  void startNode() throws Exception {
    tmp = Files.createTempDirectory("BackupApiIT-");
    Path tokens =
        Files.writeString(
            tmp.resolve("tokens.json"),
            ("{'tokens': ["
                    + "{'name':'ops','token':'ops-secret','role':'admin','rateLimit':'off'},"
                    + "{'name':'viewer','token':'view-secret','role':'read',"
                    + "'types':['bench/count']}]}")
                .replace('\'', '"'));
    node = TestNodes.start(tmp.resolve("data"), "--tokens", tokens.toString());
    ops = new EventideClient(node.url(), "ops-secret", "ops-secret");
    assertThat(ops.deploy(TestNodes.examplesJar(), "examples").status()).isEqualTo(201);
  }

  @AfterAll
  void stopNode() {
    if (node != null) {
      node.close();
    }
    Trees.delete(tmp);
  }

  @Test
  void onlyTheAdminTokenMayBackUp() {
    String body = to(tmp.resolve("by-viewer"));
    HttpAnswer anonymous =
        new EventideClient(node.url(), null, null).postAdmin("/v1/backups", body);
    assertJsonError(anonymous, 401);
    assertJsonError(
        new EventideClient(node.url(), "view-secret", null).postAdmin("/v1/backups", body), 403);
    assertThat(tmp.resolve("by-viewer")).doesNotExist();
  }

  @Test
  void listingATypeNeedsATokenThatReachesIt() {
    EventideClient viewer = new EventideClient(node.url(), "view-secret", null);
    assertThat(viewer.get("/v1/state/bench/count").status()).isEqualTo(200);
    assertJsonError(viewer.get("/v1/state/example/counter"), 403);
    assertJsonError(new EventideClient(node.url(), null, null).get("/v1/state/bench/count"), 401);
  }

  @Test
  void aRelativeOrMissingDirectoryIs400() {
    assertJsonError(ops.postAdmin("/v1/backups", "{\"to\":\"relative/dir\"}"), 400);
    assertJsonError(ops.postAdmin("/v1/backups", "{\"to\":\"\"}"), 400);
    assertJsonError(ops.postAdmin("/v1/backups", "{}"), 400);
    assertJsonError(ops.postAdmin("/v1/backups", "[\"/tmp/x\"]"), 400);
    assertJsonError(ops.postAdmin("/v1/backups", "not json"), 400);
    Cli.Result relative = cli("backup", "--to", "relative/dir");
    assertThat(relative.exit()).isEqualTo(1);
    assertThat(relative.err()).contains("--to must be an absolute path");
  }

  @Test
  void aBodyOfSixteenKibibytesIsReadAndOneByteMoreIs413() {
    String relative = "{\"to\":\"relative\"}";
    String atLimit = relative + " ".repeat(16 * 1024 - relative.length());
    HttpAnswer read = ops.postAdmin("/v1/backups", atLimit);
    assertJsonError(read, 400);
    assertThat(read.text()).contains("absolute");
    assertJsonError(ops.postAdmin("/v1/backups", atLimit + " "), 413);
  }

  @Test
  void aDirectoryWithAnythingInItOrInsideTheDataDirIs409() throws Exception {
    Path full = Files.createDirectories(tmp.resolve("full"));
    Files.writeString(full.resolve("keep.txt"), "mine");
    HttpAnswer notEmpty = ops.postAdmin("/v1/backups", to(full));
    assertJsonError(notEmpty, 409);
    assertThat(Json.parse(notEmpty).path("error").path("code").asText())
        .isEqualTo("TARGET_NOT_EMPTY");
    assertThat(full).isDirectoryContaining(p -> p.getFileName().toString().equals("keep.txt"));
    assertThat(Files.list(full).count()).as("left as it was").isEqualTo(1);

    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    assertJsonError(ops.postAdmin("/v1/backups", to(file)), 409);
    HttpAnswer inData = ops.postAdmin("/v1/backups", to(tmp.resolve("data").resolve("b")));
    assertJsonError(inData, 409);
    assertThat(Json.parse(inData).path("error").path("code").asText())
        .isEqualTo("TARGET_IN_DATA_DIR");

    Cli.Result cli = cli("backup", "--to", full.toString());
    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.err()).contains("409").contains("not empty");
  }

  @Test
  void aBackupIntoAnEmptyDirectoryIsWrittenAuditedAndRestoredOnlyIntoAnEmptyDataDir()
      throws Exception {
    assertThat(
            ops.call(
                    "bench/count/audited",
                    "7".getBytes(StandardCharsets.UTF_8),
                    "application/json",
                    null)
                .status())
        .isEqualTo(200);
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Cli.Result text = cli("backup", "--to", empty.toString());
    assertThat(text.exit()).as(text.err()).isZero();
    assertThat(text.out()).startsWith("backup written to " + empty).contains("256 key groups");
    JsonNode manifest =
        Json.parse(
            new HttpAnswer(200, "", Files.readAllBytes(empty.resolve("eventide-backup.json"))));
    assertThat(manifest.path("format").asInt()).isEqualTo(1);
    assertThat(manifest.path("keyGroups").asInt()).isEqualTo(256);
    assertThat(manifest.path("createdAt").asLong()).isPositive();

    // Entries reach the store from a queue, just after the answer.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              List<JsonNode> audit = new ArrayList<>();
              Json.parse(ops.get("/v1/audit?limit=1000")).path("entries").forEach(audit::add);
              assertThat(audit)
                  .anySatisfy(
                      e -> {
                        assertThat(e.path("action").asText()).isEqualTo("backup.create");
                        assertThat(e.path("target").asText()).isEqualTo(empty.toString());
                        assertThat(e.path("status").asInt()).isEqualTo(201);
                        assertThat(e.path("token").asText()).isEqualTo("ops");
                      });
            });

    Path occupied = Files.createDirectories(tmp.resolve("occupied"));
    Files.writeString(occupied.resolve("x"), "x");
    Cli.Result refused =
        cli("restore", "--from", empty.toString(), "--data-dir", occupied.toString());
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("is not empty");

    Path restoredDir = tmp.resolve("restored");
    Cli.Result restored =
        cli(
            "restore",
            "--from",
            empty.toString(),
            "--data-dir",
            restoredDir.toString(),
            "--output",
            "json");
    assertThat(restored.exit()).as(restored.err()).isZero();
    assertThat(
            Json.parse(new HttpAnswer(200, "", restored.out().getBytes()))
                .path("keyGroups")
                .asInt())
        .isEqualTo(256);
    try (NodeProcess second = TestNodes.start(restoredDir, "--admin-token", "second")) {
      EventideClient client = new EventideClient(second.url(), "second", null);
      assertThat(Json.longState(client, "bench/count/audited", "count")).isEqualTo(7);
    }
  }

  @Test
  void restoreRefusesWhatIsNotACompleteBackup() throws Exception {
    Path notBackup = Files.createDirectories(tmp.resolve("not-a-backup"));
    Cli.Result none =
        cli("restore", "--from", notBackup.toString(), "--data-dir", tmp.resolve("d1").toString());
    assertThat(none.exit()).isEqualTo(1);
    assertThat(none.err()).contains("not an Eventide backup");
    assertThat(tmp.resolve("d1")).doesNotExist();

    Path future = Files.createDirectories(tmp.resolve("future"));
    Files.writeString(
        future.resolve("eventide-backup.json"),
        "{\"format\":99,\"createdAt\":1,\"keyGroups\":256}");
    Cli.Result format =
        cli("restore", "--from", future.toString(), "--data-dir", tmp.resolve("d2").toString());
    assertThat(format.exit()).isEqualTo(1);
    assertThat(format.err()).contains("format 99");

    Path torn = Files.createDirectories(tmp.resolve("torn"));
    Files.writeString(
        torn.resolve("eventide-backup.json"), "{\"format\":1,\"createdAt\":1,\"keyGroups\":256}");
    Cli.Result noStore =
        cli("restore", "--from", torn.toString(), "--data-dir", tmp.resolve("d3").toString());
    assertThat(noStore.exit()).isEqualTo(1);
    assertThat(noStore.err()).contains("no store/");

    assertThat(cli("restore", "--from", torn.toString()).exit()).isEqualTo(2);
  }

  @Test
  void aNodeOnTheSharedStoreOfAClusterRefusesAndNamesTheStoresOwnBackupButListsState()
      throws Exception {
    try (ClusterFixture cluster = new ClusterFixture(tmp.resolve("cluster"))) {
      cluster.stateService();
      EventideClient clustered = ClusterFixture.client(cluster.node("n1"));
      HttpAnswer refused = clustered.postAdmin("/v1/backups", to(tmp.resolve("cluster-backup")));
      assertJsonError(refused, 409);
      JsonNode error = Json.parse(refused).path("error");
      assertThat(error.path("code").asText()).isEqualTo("BACKUP_UNSUPPORTED");
      assertThat(error.path("message").asText()).contains("state-service");
      assertThat(tmp.resolve("cluster-backup")).doesNotExist();

      // The state listing reads the shared store, as the instance route does in a cluster.
      assertThat(clustered.deploy(TestNodes.examplesJar(), "examples").status()).isEqualTo(201);
      byte[] one = "1".getBytes(StandardCharsets.UTF_8);
      for (String id : List.of("b", "a", "c")) {
        await()
            .atMost(ClusterFixture.WAIT)
            .until(() -> clustered.call("bench/count/" + id, one, "application/json", null).ok());
      }
      JsonNode page = Json.parse(clustered.get("/v1/state/bench/count?limit=2"));
      assertThat(page.path("ids").toString()).isEqualTo("[\"a\",\"b\"]");
      assertThat(page.path("next").asText()).isEqualTo("b");
    }
  }

  private Cli.Result cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    if (!args[0].equals("restore")) {
      all.addAll(List.of("--url", node.url().toString(), "--admin-token", "ops-secret"));
    }
    return Cli.run(all.toArray(String[]::new));
  }

  private static String to(Path dir) {
    return "{\"to\":\"" + dir.toString().replace("\\", "\\\\") + "\"}";
  }
}
