package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.client.HttpAnswer;
import io.eventide.deploy.files.Trees;
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
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * One node for a whole test class (cheaper than one per case), with the examples deployed; after
 * each case the node must still be alive and answer a call. The base of the bad-input suites, with
 * their request helpers and the one assertion they share: a clean JSON error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ExamplesNode {
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  Path tmp;
  NodeProcess node;
  EventideClient client;

  /**
   * A failed case prints the end of the node's log, which {@link #stopNode} deletes with the node's
   * directory: what the node did is the first thing a rare failure needs.
   */
  @RegisterExtension
  final TestWatcher printsTheNodeLogOnFailure =
      new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
          if (node == null) {
            return;
          }
          System.out.println(
              "== the last 300 lines of the node's log, after "
                  + context.getDisplayName()
                  + " failed:\n"
                  + NodeProcess.tail(node.log(), 300));
        }
      };

  /** Launcher arguments besides port and data dir. */
  List<String> nodeArgs() {
    return List.of();
  }

  /** Environment variables of the node process, besides the inherited ones. */
  Map<String, String> nodeEnv() {
    return Map.of();
  }

  @BeforeAll
  void startNodeWithExamples() throws Exception {
    tmp = Files.createTempDirectory(getClass().getSimpleName() + "-");
    node = TestNodes.start(nodeEnv(), tmp.resolve("data"), nodeArgs().toArray(String[]::new));
    client = new EventideClient(node.url(), null, null).withTimeout(Duration.ofSeconds(60));
    assertThat(client.deploy(TestNodes.examplesJar(), "examples").status()).isEqualTo(201);
  }

  @AfterAll
  void stopNode() {
    if (node != null) {
      node.close();
    }
    if (tmp != null) {
      Trees.delete(tmp);
    }
  }

  @AfterEach
  void nodeKeepsServing() {
    assertThat(node.isAlive()).isTrue();
    HttpAnswer answer =
        client.call(
            "example/counter/still-alive",
            "1".getBytes(StandardCharsets.UTF_8),
            "application/json",
            null);
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
  }

  HttpAnswer ndjson(String body) throws Exception {
    return request(
        "POST",
        "/v1/ingress/bad-input/events",
        body,
        Map.of("Content-Type", "application/x-ndjson"));
  }

  HttpAnswer post(String path, byte[] body) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(node.url() + path))
            .header("Content-Type", "application/java-archive")
            .POST(BodyPublishers.ofByteArray(body)));
  }

  HttpAnswer request(String method, String path, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(node.url() + path))
            .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
    if (body != null && !headers.containsKey("Content-Type")) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    return send(request);
  }

  HttpAnswer send(HttpRequest.Builder request) throws Exception {
    var response =
        http.send(request.timeout(Duration.ofSeconds(90)).build(), BodyHandlers.ofByteArray());
    return new HttpAnswer(
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(""),
        response.body());
  }

  /**
   * {@code request} written by hand (see {@link RawHttp}), closing the connection after the answer.
   */
  HttpAnswer raw(String requestLineAndHeaders, String body) {
    return RawHttp.exchange(
        node.port(),
        requestLineAndHeaders
            + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            + "Content-Length: "
            + body.length()
            + "\r\n\r\n"
            + body,
        Duration.ofSeconds(30));
  }

  /**
   * A JSON {@code {"error":{"code","message"}}} with one of {@code statuses}, and no stack trace.
   */
  static void assertJsonError(HttpAnswer answer, Integer... statuses) {
    assertThat(answer.status()).as("status of %s", answer.text()).isIn((Object[]) statuses);
    JsonNode error = Json.parse(answer).path("error");
    assertThat(error.path("code").asText()).as("error.code in %s", answer.text()).isNotBlank();
    assertThat(error.path("message").asText())
        .as("error.message in %s", answer.text())
        .isNotBlank();
    assertThat(answer.text()).doesNotContain("\tat ");
  }
}
