package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.client.HttpAnswer;
import io.eventide.deploy.process.NodeProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dead letters on a node process: a broken handler's message is kept with its error, the fix is
 * deployed, and the message is replayed once, with its event time; a second replay is refused, also
 * when the node is killed between the replay's answer and the message's processing.
 */
class DeadLetterReplayIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

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
  void aFixedVersionGetsTheReplayedMessageOnceWithItsEventTime() {
    start(tmp.resolve("data"));
    deploy(ReplayVersions.broken(tmp));
    String id = deadLetter("a", 1_000L);

    JsonNode listed = Json.parse(client.get("/v1/dead-letters").requireOk("list"));
    JsonNode letter = listed.path("deadLetters").get(0);
    assertThat(letter.path("messageId").asText()).isEqualTo(id);
    assertThat(letter.path("target").asText()).isEqualTo(ReplayVersions.TYPE + "/a");
    assertThat(letter.path("source").asText()).isEqualTo("rest");
    assertThat(letter.path("eventTime").asLong()).isEqualTo(1_000L);
    assertThat(letter.path("attempts").asInt()).isEqualTo(4);
    assertThat(letter.path("error").path("message").asText()).contains(ReplayVersions.BROKEN);
    assertThat(listed.path("next").isNull()).isTrue();
    JsonNode one = Json.parse(client.get("/v1/dead-letters/" + id).requireOk("get"));
    assertThat(one.path("payload").asText()).isEqualTo("hello");
    assertThat(one.path("contentType").asText()).startsWith("text/plain");
    assertThat(
            Json.parse(client.get("/v1/dead-letters?type=" + ReplayVersions.TYPE))
                .path("deadLetters"))
        .hasSize(1);
    assertThat(Json.parse(client.get("/v1/dead-letters?type=other/type")).path("deadLetters"))
        .isEmpty();
    assertThat(Json.longState(client, ReplayVersions.TYPE + "/a", "count")).isEqualTo(-1);
    Cli.Result table = Cli.run("dead-letters", "--url", url(), "--type", ReplayVersions.TYPE);
    assertThat(table.exitCode()).as(table.err()).isZero();
    assertThat(table.out()).contains("MESSAGE-ID", id, ReplayVersions.TYPE + "/a", "4");
    assertThat(table.out()).contains(ReplayVersions.BROKEN);
    Cli.Result json = Cli.run("dead-letters", "--url", url(), "--limit", "5", "--output", "json");
    assertThat(json.out()).contains("\"deadLetters\"", id);

    deploy(ReplayVersions.fixed(tmp));
    Cli.Result replayed = Cli.run("dead-letters", "replay", id, "--url", url());

    assertThat(replayed.exitCode()).as(replayed.err()).isZero();
    assertThat(replayed.out()).startsWith("replayed " + id + " to " + ReplayVersions.TYPE + "/a");
    await()
        .atMost(WAIT)
        .until(() -> Json.longState(client, ReplayVersions.TYPE + "/a", "count") == 1);
    assertThat(Json.longState(client, ReplayVersions.TYPE + "/a", "eventtime")).isEqualTo(1_000L);
    HttpAnswer again = replay(id);
    assertThat(again.status()).as(again.text()).isEqualTo(404);
    assertThat(again.text()).contains("NOT_FOUND");
    Cli.Result refused = Cli.run("dead-letters", "replay", id, "--url", url());
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("HTTP 404");
    assertThat(Json.parse(client.get("/v1/dead-letters")).path("deadLetters")).isEmpty();
    assertThat(Json.egress(client, "dead-letters"))
        .as("the egress log keeps its record")
        .hasSize(1);
  }

  @Test
  void aReplayTakesEffectOnceWhenTheNodeIsKilledBeforeTheMessageIsProcessed() throws IOException {
    Path data = tmp.resolve("data");
    Path gate = Files.createDirectories(tmp.resolve("gate"));
    start(data);
    deploy(ReplayVersions.broken(tmp));
    String id = deadLetter("k", 5_000L);
    deploy(ReplayVersions.gated(tmp, gate));

    HttpAnswer replay = replay(id);
    assertThat(replay.status()).as(replay.text()).isEqualTo(202);
    // The handler announced itself and waits: the message is taken, its commit not made.
    await().atMost(WAIT).until(() -> startedAttempts(gate) >= 1);
    node.kill();
    Files.createFile(gate.resolve("open"));
    start(data);

    await()
        .atMost(WAIT)
        .until(() -> Json.longState(client, ReplayVersions.TYPE + "/k", "count") == 1);
    assertThat(replay(id).status()).isEqualTo(404);
    assertThat(Json.parse(client.get("/v1/dead-letters")).path("deadLetters")).isEmpty();
    // A later message of the same address comes after anything left of the replay in its inbox:
    // once it is counted, a second copy of the replayed message would have been counted too.
    assertThat(
            client
                .send(ReplayVersions.TYPE + "/k", bytes("next"), "text/plain", null, null)
                .status())
        .isEqualTo(202);
    await()
        .atMost(WAIT)
        .until(() -> Json.longState(client, ReplayVersions.TYPE + "/k", "count") >= 2);
    assertThat(Json.longState(client, ReplayVersions.TYPE + "/k", "count")).isEqualTo(2);
    assertThat(Json.longState(client, ReplayVersions.TYPE + "/k", "eventtime"))
        .as("the message after the replay has its ingestion time")
        .isGreaterThan(5_000L);
  }

  /**
   * Replayed events keep their event time and are judged against the watermark of now, as Flink's
   * window operator judges a late record: one whose windows are past their allowed lateness goes to
   * the late-message handler, one whose window is still within it is counted and fires that window.
   */
  @Test
  void replayedEventsAreLateOrOnTimeForWindowsByFlinksAllowedLateness() {
    start(tmp.resolve("data"));
    deploy(ReplayVersions.windowed(tmp, true), "w");
    String w = "dlq/window/w";
    // One address, so these are handled in this order; each moves rest's watermark to t - 1.
    client.send(w, bytes("ok"), "text/plain", null, 100L);
    String pastLateness =
        Json.parse(client.send(w, bytes("bad"), "text/plain", null, 500L))
            .path("messageId")
            .asText();
    String withinLateness =
        Json.parse(client.send(w, bytes("bad"), "text/plain", null, 1_200L))
            .path("messageId")
            .asText();
    client.send(w, bytes("ok"), "text/plain", null, 2_600L);
    // Watermark 2599: [0, 1000) fired and is past its lateness (999 + 1000 <= 2599); [1000, 2000)
    // is past its end but within its lateness (1999 + 1000 > 2599), and empty so far.
    await().atMost(WAIT).until(() -> Json.egress(client, "dlq-windows").contains("0:1"));
    await()
        .atMost(WAIT)
        .until(() -> client.get("/v1/dead-letters/" + withinLateness).status() == 200);
    deploy(ReplayVersions.windowed(tmp, false), "w");

    assertThat(replay(pastLateness).status()).isEqualTo(202);
    assertThat(replay(withinLateness).status()).isEqualTo(202);

    await().atMost(WAIT).until(() -> Json.egress(client, "dlq-windows").contains("1000:1"));
    assertThat(Json.egress(client, "dlq-windows")).containsExactly("0:1", "1000:1");
    await().atMost(WAIT).until(() -> !Json.egress(client, "dlq-late").isEmpty());
    assertThat(Json.egress(client, "dlq-late")).containsExactly("late:500");
  }

  @Test
  void pagesDeletesAndBadInput() {
    start(tmp.resolve("data"));
    deploy(ReplayVersions.broken(tmp));
    String first = deadLetter("p1", null);
    String second = deadLetter("p2", null);
    String third = deadLetter("p3", null);

    JsonNode page = Json.parse(client.get("/v1/dead-letters?limit=2").requireOk("page 1"));
    assertThat(page.path("deadLetters").findValuesAsText("messageId"))
        .containsExactly(first, second);
    String next = page.path("next").asText();
    JsonNode rest = Json.parse(client.get("/v1/dead-letters?limit=2&from=" + next));
    assertThat(rest.path("deadLetters").findValuesAsText("messageId")).containsExactly(third);
    assertThat(rest.path("next").isNull()).isTrue();

    Cli.Result deleted = Cli.run("dead-letters", "delete", second, "--url", url());
    assertThat(deleted.exitCode()).as(deleted.err()).isZero();
    assertThat(deleted.out()).isEqualTo("deleted " + second + "\n");
    assertThat(client.delete("/v1/dead-letters/" + second).status()).isEqualTo(404);
    assertThat(replay(second).status()).isEqualTo(404);
    assertThat(
            Json.parse(client.get("/v1/dead-letters?limit=1000"))
                .path("deadLetters")
                .findValuesAsText("messageId"))
        .containsExactly(first, third);

    assertThat(client.get("/v1/dead-letters?limit=1001").status()).isEqualTo(400);
    assertThat(client.get("/v1/dead-letters?limit=0").status()).isEqualTo(400);
    assertThat(client.get("/v1/dead-letters?from=nonsense").status()).isEqualTo(400);
    assertThat(client.get("/v1/dead-letters?type=no-slash").status()).isEqualTo(400);
    assertThat(client.get("/v1/dead-letters?type=a/b/c").status()).isEqualTo(400);
    HttpAnswer unknown = replay("m-never");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.text()).contains("\"code\"", "NOT_FOUND");
    assertThat(client.get("/v1/dead-letters/m-never").status()).isEqualTo(404);
    Cli.Result help = Cli.run("dead-letters", "--help");
    assertThat(help.out()).contains("Example:", "replay ID", "--output");
  }

  /** Sends one message to the broken version and waits for its dead letter; its message id. */
  private String deadLetter(String id, Long eventTime) {
    HttpAnswer sent =
        client.send(ReplayVersions.TYPE + "/" + id, bytes("hello"), "text/plain", null, eventTime);
    assertThat(sent.status()).as(sent.text()).isEqualTo(202);
    String messageId = Json.parse(sent).path("messageId").asText();
    await().atMost(WAIT).until(() -> client.get("/v1/dead-letters/" + messageId).status() == 200);
    return messageId;
  }

  private HttpAnswer replay(String messageId) {
    return client.post(
        "/v1/dead-letters/" + EventideClient.segment(messageId) + "/replay",
        new byte[0],
        "application/json",
        null,
        null);
  }

  private void deploy(byte[] jar) {
    deploy(jar, "dlq");
  }

  private void deploy(byte[] jar, String name) {
    HttpAnswer answer =
        client.post("/v1/deployments?name=" + name, jar, "application/java-archive", null, null);
    assertThat(answer.status()).as(answer.text()).isEqualTo(201);
  }

  private String url() {
    return node.url().toString();
  }

  private void start(Path data) {
    node = TestNodes.start(data);
    client = new EventideClient(node.url(), null, null).withTimeout(Duration.ofSeconds(60));
  }

  private static long startedAttempts(Path gate) {
    try (Stream<Path> files = Files.list(gate)) {
      return files.filter(f -> f.getFileName().toString().startsWith("started-")).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
