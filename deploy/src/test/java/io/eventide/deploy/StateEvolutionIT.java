package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.client.HttpAnswer;
import io.eventide.deploy.process.NodeProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot redeploys of a function whose JSON state record changes shape (see {@link ProfileVersions}),
 * on a node process: v2 reads the state v1 stored and writes it back in its own shape, before and
 * after a restart; an incompatible v3 dead-letters its messages and leaves the state alone until a
 * compatible version is deployed again.
 */
class StateEvolutionIT {
  /** Expected JSON is written with single quotes, for legibility. */
  private static final ObjectMapper QUOTES =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

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
  void v2ReadsTheStateV1StoredAndWritesItBackInItsShapeAcrossARestart() {
    Path data = tmp.resolve("data");
    start(data);
    assertThat(deploy(ProfileVersions.v1(tmp)).path("version").asInt()).isEqualTo(1);
    call("a", "ace");
    assertThat(call("a", "ace"))
        .isEqualTo(json("{'name':'a','visits':1,'nick':'ace','legacy':'v1 only'}"));
    send("b", "bee");
    call("c", "sea");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(state("b"))
                    .isEqualTo(json("{'name':'b','visits':1,'nick':'bee','legacy':'v1 only'}")));
    assertThat(state("a"))
        .isEqualTo(json("{'name':'a','visits':2,'nick':'ace','legacy':'v1 only'}"));

    JsonNode v2 = deploy(ProfileVersions.v2(tmp));

    assertThat(v2.path("version").asInt()).isEqualTo(2);
    // Added fields read as their defaults, the alias reads the old name, the removed one is
    // ignored...
    assertThat(call("a", "ignored"))
        .isEqualTo(
            json("{'name':'a','visits':2,'nickname':'ace','email':null,'level':0,'vip':false}"));
    // ... and the write stores v2's shape: the new name, and no trace of the removed field.
    assertThat(state("a"))
        .isEqualTo(
            json("{'name':'a','visits':3,'nickname':'ace','email':null,'level':1,'vip':false}"));
    send("b", "ignored");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(state("b"))
                    .isEqualTo(
                        json(
                            "{'name':'b','visits':2,'nickname':'bee','email':null,'level':1,'vip':false}")));
    assertThat(state("c"))
        .as("untouched since v1")
        .isEqualTo(json("{'name':'c','visits':1,'nick':'sea','legacy':'v1 only'}"));

    assertThat(node.stop(Duration.ofSeconds(30))).as("exit code after SIGTERM").isIn(0, 143);
    start(data);

    assertThat(
            Json.parse(client.get("/v1/deployments").requireOk("list deployments"))
                .findValuesAsText("version"))
        .containsExactly("2");
    assertThat(call("a", "ignored"))
        .isEqualTo(
            json("{'name':'a','visits':3,'nickname':'ace','email':null,'level':1,'vip':false}"));
    assertThat(call("c", "ignored"))
        .as("v1 state first read after the restart")
        .isEqualTo(
            json("{'name':'c','visits':1,'nickname':'sea','email':null,'level':0,'vip':false}"));
    assertThat(state("c"))
        .isEqualTo(
            json("{'name':'c','visits':2,'nickname':'sea','email':null,'level':1,'vip':false}"));
  }

  @Test
  void anIncompatibleVersionDeadLettersItsMessagesAndLeavesTheStateForTheNextVersion() {
    start(tmp.resolve("data"));
    deploy(ProfileVersions.v2(tmp));
    call("a", "ace");
    JsonNode stored = state("a");

    deploy(ProfileVersions.v3(tmp));
    HttpAnswer failed = client.call(ProfileVersions.TYPE + "/a", bytes("x"), "text/plain", null);

    assertThat(failed.status()).as(failed.text()).isEqualTo(422);
    assertThat(failed.text()).contains("not JSON of evo.Profile");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(Json.egress(client, "dead-letters"))
                    .singleElement()
                    .asString()
                    .contains("evo/profile/a", "not JSON of evo.Profile"));
    assertThat(state("a")).isEqualTo(stored);

    assertThat(deploy(ProfileVersions.v2(tmp)).path("version").asInt()).isEqualTo(3);
    assertThat(call("a", "ignored")).isEqualTo(stored);
    assertThat(state("a").path("visits").asLong()).isEqualTo(2);
  }

  private void start(Path data) {
    node = TestNodes.start(data);
    client = new EventideClient(node.url(), null, null).withTimeout(Duration.ofSeconds(60));
  }

  /** Deploys under one name, so that each version replaces the last; the deployment's JSON. */
  private JsonNode deploy(byte[] jar) {
    HttpAnswer answer =
        client.post("/v1/deployments?name=evo", jar, "application/java-archive", null, null);
    assertThat(answer.status()).as(answer.text()).isEqualTo(201);
    assertThat(Json.parse(answer).path("functions").toString())
        .isEqualTo("[\"" + ProfileVersions.TYPE + "\"]");
    return Json.parse(answer);
  }

  /** Calls {@code evo/profile/<id>}; the profile as the function read it. */
  private JsonNode call(String id, String nick) {
    HttpAnswer answer =
        client.call(ProfileVersions.TYPE + "/" + id, bytes(nick), "text/plain", null);
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    return Json.parse(answer);
  }

  private void send(String id, String nick) {
    HttpAnswer answer =
        client.send(ProfileVersions.TYPE + "/" + id, bytes(nick), "text/plain", null, null);
    assertThat(answer.status()).as(answer.text()).isEqualTo(202);
  }

  /** The stored profile of {@code evo/profile/<id>}, as GET /v1/state shows it; null when none. */
  private JsonNode state(String id) {
    JsonNode values =
        Json.parse(client.state(ProfileVersions.TYPE + "/" + id).requireOk("state of " + id))
            .path("values");
    return values.has("profile") ? values.get("profile") : null;
  }

  private static JsonNode json(String singleQuoted) {
    try {
      return QUOTES.readTree(singleQuoted);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
