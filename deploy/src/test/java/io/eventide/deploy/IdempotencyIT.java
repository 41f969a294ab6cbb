package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.client.HttpAnswer;
import io.eventide.deploy.process.NodeProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Idempotency keys through a node process, over HTTP: scoped to their target (and for NDJSON to
 * their source), a key reused for a different request answered 422 {@code
 * IDEMPOTENCY_KEY_MISMATCH}, and all of it the same after the node restarted on its data dir.
 */
class IdempotencyIT {
  private static final String JSON = "application/json";

  @TempDir Path tmp;
  private NodeProcess node;
  private EventideClient client;

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void keysAreScopedAndAReusedKeyIsRefusedBeforeAndAfterARestart() {
    start();
    assertThat(client.deploy(TestNodes.examplesJar(), "examples").status()).isEqualTo(201);
    assertThat(send("example/counter/b", "100", null).status()).isEqualTo(202);

    // The reported bug: b answered with a's reply and never applied.
    assertThat(call("example/counter/a", "5", "K1").text()).isEqualTo("5");
    assertThat(call("example/counter/b", "5", "K1").text()).isEqualTo("105");
    assertMismatch(call("example/counter/a", "7", "K1"), "K1");
    assertMismatch(
        send("example/counter/a", "5", "K1"), "K1"); // a send is not the call the key was for

    assertThat(send("example/counter/c", "1", "K2").status()).isEqualTo(202);
    assertMismatch(send("example/counter/c", "2", "K2"), "K2");
    assertThat(send("example/counter/d", "2", "K2").status())
        .as("K2 for another target")
        .isEqualTo(202);

    String batch = line("example/counter/e", 1, "K3") + line("example/counter/f", 1, "K3");
    assertThat(ingest("s1", batch).status()).isEqualTo(202);
    assertThat(ingest("s2", batch).status()).as("another source: its own keys").isEqualTo(202);
    assertBatchMismatch(
        ingest(
            "s1",
            line("example/counter/e", 1, "K3")
                + line("example/counter/f", 2, "K3")
                + line("example/counter/g", 1, "K4")));

    node.stop(Duration.ofSeconds(20));
    start();

    assertMismatch(call("example/counter/a", "7", "K1"), "K1");
    assertThat(call("example/counter/a", "5", "K1").text())
        .as("the first reply, kept")
        .isEqualTo("5");
    assertMismatch(send("example/counter/c", "2", "K2"), "K2");
    assertThat(Json.parse(send("example/counter/c", "1", "K2")).path("duplicate").asBoolean())
        .isTrue();
    assertBatchMismatch(
        ingest(
            "s1",
            line("example/counter/e", 1, "K3")
                + line("example/counter/f", 2, "K3")
                + line("example/counter/g", 1, "K4")));

    assertThat(call("example/counter/a", "0", null).text()).isEqualTo("5");
    assertThat(call("example/counter/b", "0", null).text()).isEqualTo("105");
    assertThat(call("example/counter/c", "0", null).text()).isEqualTo("1");
    assertThat(call("example/counter/d", "0", null).text()).isEqualTo("2");
    assertThat(call("example/counter/e", "0", null).text())
        .as("once from each source")
        .isEqualTo("2");
    assertThat(call("example/counter/f", "0", null).text()).isEqualTo("2");
    assertThat(call("example/counter/g", "0", null).text())
        .as("accepted beside the refused line")
        .isEqualTo("1");
  }

  private void start() {
    node = TestNodes.start(tmp.resolve("data"));
    client = new EventideClient(node.url(), null, null).withTimeout(Duration.ofSeconds(30));
  }

  private HttpAnswer call(String address, String body, String key) {
    return client.call(address, body.getBytes(StandardCharsets.UTF_8), JSON, key);
  }

  private HttpAnswer send(String address, String body, String key) {
    return client.send(address, body.getBytes(StandardCharsets.UTF_8), JSON, key, null);
  }

  private HttpAnswer ingest(String source, String ndjson) {
    return client.ingest(source, ndjson);
  }

  private static String line(String target, int payload, String key) {
    return "{\"target\":\""
        + target
        + "\",\"payload\":"
        + payload
        + ",\"idempotencyKey\":\""
        + key
        + "\"}\n";
  }

  private static void assertMismatch(HttpAnswer answer, String key) {
    assertThat(answer.status()).as(answer.text()).isEqualTo(422);
    JsonNode error = Json.parse(answer).path("error");
    assertThat(error.path("code").asText()).isEqualTo("IDEMPOTENCY_KEY_MISMATCH");
    assertThat(error.path("message").asText()).contains("'" + key + "'");
  }

  /** The second of three lines reused K3 for another event; the others were accepted. */
  private static void assertBatchMismatch(HttpAnswer answer) {
    assertThat(answer.status()).as(answer.text()).isEqualTo(422);
    JsonNode error = Json.parse(answer).path("error");
    assertThat(error.path("code").asText()).isEqualTo("IDEMPOTENCY_KEY_MISMATCH");
    assertThat(error.path("lines").toString()).isEqualTo("[2]");
    assertThat(error.path("refused").asInt()).isEqualTo(1);
    assertThat(error.path("accepted").asInt()).isEqualTo(2);
    assertThat(error.path("message").asText()).startsWith("line 2: ");
  }
}
