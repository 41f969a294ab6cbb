package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.client.HttpAnswer;
import io.eventide.deploy.process.NodeProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bad input against a running node: every case gets a 4xx JSON error (never a 5xx, never a stack
 * trace), and the node keeps serving. One node serves the whole class (cheaper than one per case);
 * after each case a valid call must still succeed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Path tmp;
  private NodeProcess node;
  private EventideClient client;

  @BeforeAll
  void startNodeWithExamples() throws Exception {
    tmp = Files.createTempDirectory("bad-input-it-");
    node = TestNodes.start(tmp.resolve("data"));
    client = new EventideClient(node.url(), null, null).withTimeout(Duration.ofSeconds(60));
    assertThat(client.deploy(TestNodes.examplesJar(), "examples").status()).isEqualTo(201);
  }

  @AfterAll
  void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @AfterEach
  void nodeKeepsServing() {
    assertThat(node.isAlive()).isTrue();
    HttpAnswer answer = client.call("example/counter/still-alive", "1".getBytes(StandardCharsets.UTF_8), "application/json", null);
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
  }

  @Test
  void malformedPathsAre4xx() throws Exception {
    assertJsonError(request("POST", "/v1/send/example", "1", Map.of()), 400, 404);
    assertJsonError(request("POST", "/v1/send/example/counter", "1", Map.of()), 400, 404);
    assertJsonError(request("POST", "/v1/send/example/counter/", "1", Map.of()), 400, 404);
    assertJsonError(request("POST", "/v1/call//counter/x", "1", Map.of()), 400, 404);
    assertJsonError(request("GET", "/v1/state/example/counter", null, Map.of()), 400, 404);
    assertJsonError(request("POST", "/v1/send/example/counter/%FF", "1", Map.of()), 400, 404);
  }

  @Test
  void idsOver256BytesAreRejectedAndExactly256Accepted() throws Exception {
    assertJsonError(request("POST", "/v1/send/example/counter/" + "x".repeat(257), "1", Map.of()), 400);
    // 129 two-byte characters: 129 characters, but 258 bytes of UTF-8.
    assertJsonError(request("POST", "/v1/send/example/counter/" + "%C3%A9".repeat(129), "1", Map.of()), 400);
    assertThat(request("POST", "/v1/send/example/counter/" + "x".repeat(256), "1", Map.of()).status()).isEqualTo(202);
  }

  @Test
  void badEventTimesAre400() throws Exception {
    for (String bad : List.of("yesterday", "12abc", "1.5", "99999999999999999999")) {
      assertJsonError(request("POST", "/v1/send/example/counter/t", "1", Map.of("X-Event-Time", bad)), 400);
    }
  }

  @Test
  void oversizedSendIs413() throws Exception {
    String body = "1" + " ".repeat(1024 * 1024 + 16);
    assertJsonError(request("POST", "/v1/send/example/counter/big", body, Map.of()), 413);
  }

  @Test
  void aJarThatIsNotAJarIs400() throws Exception {
    assertJsonError(request("POST", "/v1/deployments", "definitely not a zip", Map.of("Content-Type", "application/java-archive")), 400);
    assertJsonError(request("POST", "/v1/deployments", "", Map.of("Content-Type", "application/java-archive")), 400);
  }

  @Test
  void aJarWhoseModuleNeedsAMissingClassIsRejected() throws Exception {
    Map<String, String> sources = Map.of(
        "broken.Gone", "package broken; public final class Gone implements io.eventide.sdk.StatefulFunction {"
            + " public void apply(io.eventide.sdk.Context c, io.eventide.sdk.Message m) {} }",
        "broken.BrokenModule", "package broken; public final class BrokenModule implements io.eventide.sdk.FunctionModule {"
            + " public void configure(io.eventide.sdk.FunctionRegistry r) {"
            + " r.register(io.eventide.sdk.TypeName.of(\"broken\", \"gone\"), Gone::new); } }");
    byte[] missingFunction = BrokenJars.jar(tmp, sources, "broken.BrokenModule", List.of("broken.Gone"));
    assertJsonError(post("/v1/deployments", missingFunction), 400, 422);
    byte[] missingModule = BrokenJars.jar(tmp, sources, "broken.NoSuchModule", List.of());
    assertJsonError(post("/v1/deployments", missingModule), 400, 422);
    assertThat(client.get("/v1/functions").text()).doesNotContain("broken");
  }

  @Test
  void malformedNdjsonIs400() throws Exception {
    assertJsonError(ndjson("this is not json\n"), 400);
    assertJsonError(ndjson("{\"payload\":1}\n"), 400);
    assertJsonError(ndjson("{\"target\":\"example/counter\",\"payload\":1}\n"), 400);
    assertJsonError(ndjson("{\"target\":\"example/counter/a\",\"payload\":1,\"eventTime\":\"soon\"}\n"), 400);
    assertJsonError(ndjson("{\"target\":\"example/counter/a\",\"payload\":1}\n{\"target\":\n"), 400);
  }

  @Test
  void unknownDeploymentsAndTypesAre404() throws Exception {
    assertJsonError(request("GET", "/v1/deployments/nope", null, Map.of()), 404);
    assertJsonError(request("DELETE", "/v1/deployments/nope", null, Map.of()), 404);
    assertJsonError(request("POST", "/v1/send/nope/nothing/x", "1", Map.of()), 404);
    assertJsonError(request("POST", "/v1/call/nope/nothing/x", "1", Map.of()), 404);
    assertJsonError(request("GET", "/v1/state/nope/nothing/x", null, Map.of()), 404);
  }

  @Test
  void aHandlerThatAlwaysThrowsIsDeadLetteredAndItsCallAnsweredWithAnError() throws Exception {
    HttpAnswer sent = client.send("example/failing/letter", "\"boom\"".getBytes(StandardCharsets.UTF_8), "application/json", null, null);
    assertThat(sent.status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(Json.egress(client, "dead-letters")).anySatisfy(letter -> assertThat(letter).contains("letter")));

    long start = System.nanoTime();
    HttpAnswer call = request("POST", "/v1/call/example/failing/caller?timeout=60s", "\"boom\"", Map.of());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
    assertJsonError(call, 422);
    assertThat(call.text()).contains("always fails");
  }

  private HttpAnswer ndjson(String body) throws Exception {
    return request("POST", "/v1/ingress/bad-input/events", body, Map.of("Content-Type", "application/x-ndjson"));
  }

  private HttpAnswer post(String path, byte[] body) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(node.url() + path)).header("Content-Type", "application/java-archive")
        .POST(BodyPublishers.ofByteArray(body)));
  }

  private HttpAnswer request(String method, String path, String body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.url() + path))
        .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
    if (body != null && !headers.containsKey("Content-Type")) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    return send(request);
  }

  private HttpAnswer send(HttpRequest.Builder request) throws Exception {
    var response = http.send(request.timeout(Duration.ofSeconds(90)).build(), BodyHandlers.ofByteArray());
    return new HttpAnswer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
  }

  /** A JSON {@code {"error":{"code","message"}}} with one of {@code statuses}, and no stack trace. */
  private static void assertJsonError(HttpAnswer answer, Integer... statuses) {
    assertThat(answer.status()).as("status of %s", answer.text()).isIn((Object[]) statuses);
    JsonNode error = Json.parse(answer).path("error");
    assertThat(error.path("code").asText()).as("error.code in %s", answer.text()).isNotBlank();
    assertThat(error.path("message").asText()).as("error.message in %s", answer.text()).isNotBlank();
    assertThat(answer.text()).doesNotContain("\tat ");
  }
}
