package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.client.HttpAnswer;
import io.eventide.dispatcher.testing.TestSink;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Configured egresses on a real node process: the configuration API's answers to bad input, a
 * webhook that fails at random getting every keyed record of {@code example/notifier} in order per
 * sender, a refusing webhook's records in dead-letters, and delivery resuming after SIGKILL with
 * the configuration kept.
 */
class EgressesIT extends ExamplesNode {
  static final String[] USERS = {"alice", "bob", "carol"};
  static final ObjectMapper MAPPER = new ObjectMapper();
  final List<TestSink> sinks = new ArrayList<>();

  @AfterEach
  void stopSinksAndForgetEgresses() throws Exception {
    for (JsonNode egress : Json.parse(client.get("/v1/egresses")).path("egresses")) {
      client.delete("/v1/egresses/" + egress.path("name").asText());
    }
    sinks.forEach(TestSink::close);
    sinks.clear();
  }

  TestSink sink() throws Exception {
    TestSink sink = new TestSink();
    sinks.add(sink);
    return sink;
  }

  HttpAnswer create(String json) throws Exception {
    return request("POST", "/v1/egresses", json, Map.of());
  }

  JsonNode egress(String name) {
    HttpAnswer answer = client.get("/v1/egresses/" + name);
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    return Json.parse(answer);
  }

  void notify(String user, int n) {
    HttpAnswer answer =
        client.send(
            "example/notifier/" + user,
            ("n" + n).getBytes(StandardCharsets.UTF_8),
            "text/plain",
            null,
            null);
    assertThat(answer.status()).as(answer.text()).isEqualTo(202);
  }

  @Test
  void badConfigurationsGetAClear4xx() throws Exception {
    String url = "\"url\":\"http://127.0.0.1:9/hook\"";
    assertJsonError(create("not json"), 400);
    assertJsonError(create("[]"), 400);
    assertJsonError(create("{\"name\":\"a\",\"kind\":\"http\"," + url + ",\"colour\":1}"), 400);
    assertJsonError(create("{\"name\":\"A b\",\"kind\":\"http\"," + url + "}"), 400);
    assertJsonError(
        create("{\"name\":\"" + "a".repeat(65) + "\",\"kind\":\"http\"," + url + "}"), 400);
    assertJsonError(create("{\"name\":\"a\",\"kind\":\"file\"," + url + "}"), 400);
    assertJsonError(create("{\"name\":\"a\",\"kind\":\"http\",\"url\":\"ftp://x/\"}"), 400);
    assertJsonError(
        create("{\"name\":\"a\",\"kind\":\"http\"," + url + ",\"timeout\":\"ten\"}"), 400);
    assertJsonError(create("{\"name\":\"a\",\"kind\":\"http\"," + url + ",\"headers\":[]}"), 400);
    assertJsonError(
        create(
            "{\"name\":\"a\",\"kind\":\"http\","
                + url
                + ",\"headers\":{\"Idempotency-Key\":\"x\"}}"),
        400);
    assertJsonError(create("{\"name\":\"dead-letters\",\"kind\":\"http\"," + url + "}"), 400);
    HttpAnswer unknownCluster =
        create("{\"name\":\"k\",\"kind\":\"kafka\",\"cluster\":\"nowhere\",\"topic\":\"t\"}");
    assertJsonError(unknownCluster, 400);
    assertThat(unknownCluster.text()).contains("kafka cluster 'nowhere' is not configured");
    assertJsonError(
        request("POST", "/v1/egresses", "{" + "\"a\":1,".repeat(20_000) + "}", Map.of()), 413);

    assertThat(create("{\"name\":\"a\",\"kind\":\"http\"," + url + "}").status()).isEqualTo(201);
    HttpAnswer duplicate = create("{\"name\":\"a\",\"kind\":\"http\"," + url + "}");
    assertJsonError(duplicate, 409);
    assertJsonError(client.get("/v1/egresses/nope"), 404);
    assertJsonError(client.delete("/v1/egresses/nope"), 404);
    assertJsonError(request("PUT", "/v1/egresses/a", "{}", Map.of()), 405);
  }

  @Test
  void aFlakyWebhookGetsEveryKeyedRecordOnceByKeyInOrderPerSender() throws Exception {
    TestSink sink = sink().flaky(0.3, 0.1);
    HttpAnswer created =
        create(
            "{\"name\":\"notifications\",\"kind\":\"http\",\"url\":\""
                + sink.url()
                + "\",\"headers\":{\"Authorization\":\"Bearer hook-secret\"},\"timeout\":\"2s\"}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    assertThat(Json.parse(created).path("headers").path("Authorization").asText()).isEqualTo("***");

    int perUser = 20;
    for (int n = 1; n <= perUser; n++) {
      for (String user : USERS) {
        notify(user, n);
      }
    }

    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> sink.applied().size() == perUser * USERS.length);
    Map<String, Integer> last = new HashMap<>();
    for (TestSink.Received r : sink.applied()) {
      String[] parts = r.body().split(":");
      int n = Integer.parseInt(parts[1]);
      assertThat(n).as("order of " + parts[0]).isEqualTo(last.getOrDefault(parts[0], 0) + 1);
      last.put(parts[0], n);
      assertThat(r.key()).isEqualTo(parts[0]);
      assertThat(r.contentType()).startsWith("text/plain");
      assertThat(r.headers().get("Authorization")).containsExactly("Bearer hook-secret");
    }
    assertThat(sink.bodies()).doesNotContainValue("MISMATCH");
    // The sink can hold records the deliverer has not counted yet: a record answered 200 after one
    // of another sender failed is sent again, and at 40% failures the node's breaker (open 5 s)
    // and the deliverer's backoff (doubling from 200 ms) can take longer than 10 s to get there.
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(egress("notifications").path("pending").asLong()).isZero());
    assertThat(egress("notifications").path("delivered").asLong())
        .isEqualTo(perUser * USERS.length);
    JsonNode cluster = Json.parse(client.get("/v1/cluster")).path("egresses").path("notifications");
    assertThat(cluster.path("delivered").asLong()).isEqualTo(perUser * USERS.length);
    assertThat(cluster.path("deliveredBy").asText()).isNotEmpty();
    String metrics = client.get("/metrics").text();
    assertThat(metrics).contains("eventide_egress_delivered_total{egress=\"notifications\"}");
  }

  @Test
  void aWebhookAnswering400SendsItsRecordsToDeadLettersWithTheStatus() throws Exception {
    TestSink sink = sink().answering(400);
    assertThat(
            create("{\"name\":\"notifications\",\"kind\":\"http\",\"url\":\"" + sink.url() + "\"}")
                .status())
        .isEqualTo(201);
    notify("dave", 1);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(egress("notifications").path("deadLettered").asLong())
                    .as(
                        "a new configuration delivers what the outbox holds, so a record an earlier"
                            + " case left undelivered is dead-lettered here too")
                    .isEqualTo(1));
    JsonNode letter = null;
    for (String text : Json.egress(client, "dead-letters")) {
      JsonNode payload = MAPPER.readTree(text);
      if ("notifications".equals(payload.path("egress").asText())) {
        letter = payload;
      }
    }
    assertThat(letter).isNotNull();
    assertThat(letter.path("error").path("message").asText()).startsWith("HTTP 400");
    assertThat(letter.path("payload").asText()).isEqualTo("dave:1:n1");
    assertThat(letter.path("key").asText()).isEqualTo("dave");
  }

  @Test
  void deliveryResumesAfterSigkillAndTheConfigurationIsKept() throws Exception {
    TestSink sink = sink().answering(503);
    assertThat(
            run(
                "egresses",
                "create",
                "{\"name\":\"notifications\",\"kind\":\"http\",\"url\":\"" + sink.url() + "\"}"))
        .isZero();
    for (int n = 1; n <= 5; n++) {
      notify("erin", n);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !egress("notifications").path("lastError").isNull());
    assertThat(egress("notifications").path("pending").asLong()).isEqualTo(5);

    node.kill();
    node = TestNodes.start(tmp.resolve("data"));
    client = new EventideClient(node.url(), null, null).withTimeout(Duration.ofSeconds(60));
    sink.answering(0);

    await().atMost(Duration.ofSeconds(60)).until(() -> sink.applied().size() == 5);
    assertThat(sink.applied())
        .extracting(TestSink.Received::body)
        .containsExactly("erin:1:n1", "erin:2:n2", "erin:3:n3", "erin:4:n4", "erin:5:n5");
    assertThat(run("egresses")).isZero();
    assertThat(out.toString()).contains("\"notifications\"");
    assertThat(run("egresses", "delete", "notifications")).isZero();
    assertThat(run("egresses", "get", "notifications")).isEqualTo(1);
    assertThat(err.toString()).contains("HTTP 404");
  }

  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    CommandLine commandLine = Launcher.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--url");
    all.add(node.url().toString());
    return commandLine.execute(all.toArray(String[]::new));
  }
}
