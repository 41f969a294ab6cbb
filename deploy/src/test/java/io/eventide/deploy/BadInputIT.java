package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventide.deploy.client.HttpAnswer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bad input against a running node: every case gets a 4xx JSON error (never a 5xx, never a stack
 * trace), and the node keeps serving (checked after each case by {@link ExamplesNode}). Limits at
 * and past their values are in {@link LimitsIT}, zip bombs in {@link JarBombsIT}, slow and flooding
 * clients in {@link SlowClientsIT}.
 */
class BadInputIT extends ExamplesNode {
  @Test
  void malformedPathsAre4xx() throws Exception {
    assertJsonError(request("POST", "/v1/send/example", "1", Map.of()), 400, 404);
    assertJsonError(request("POST", "/v1/send/example/counter", "1", Map.of()), 400, 404);
    assertJsonError(request("POST", "/v1/send/example/counter/", "1", Map.of()), 400, 404);
    assertJsonError(request("POST", "/v1/call//counter/x", "1", Map.of()), 400, 404);
    // /v1/state/example/counter lists the type (StateListIT); one segment is malformed.
    assertJsonError(request("GET", "/v1/state/example", null, Map.of()), 400, 404);
    assertJsonError(request("POST", "/v1/send/example/counter/%FF", "1", Map.of()), 400, 404);
  }

  @Test
  void badEventTimesAre400() throws Exception {
    for (String bad : List.of("yesterday", "12abc", "1.5", "99999999999999999999")) {
      assertJsonError(
          request("POST", "/v1/send/example/counter/t", "1", Map.of("X-Event-Time", bad)), 400);
    }
  }

  @Test
  void aJarThatIsNotAJarIs400() throws Exception {
    assertJsonError(
        request(
            "POST",
            "/v1/deployments",
            "definitely not a zip",
            Map.of("Content-Type", "application/java-archive")),
        400);
    assertJsonError(
        request("POST", "/v1/deployments", "", Map.of("Content-Type", "application/java-archive")),
        400);
  }

  @Test
  void aJarWhoseModuleNeedsAMissingClassIsRejected() throws Exception {
    Map<String, String> sources =
        Map.of(
            "broken.Gone",
                "package broken; public final class Gone implements io.eventide.sdk.StatefulFunction {"
                    + " public void apply(io.eventide.sdk.Context c, io.eventide.sdk.Message m) {} }",
            "broken.BrokenModule",
                "package broken; public final class BrokenModule implements io.eventide.sdk.FunctionModule {"
                    + " public void configure(io.eventide.sdk.FunctionRegistry r) {"
                    + " r.register(io.eventide.sdk.TypeName.of(\"broken\", \"gone\"), Gone::new); } }");
    byte[] missingFunction =
        BrokenJars.jar(tmp, sources, "broken.BrokenModule", List.of("broken.Gone"));
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
    assertJsonError(
        ndjson("{\"target\":\"example/counter/a\",\"payload\":1,\"eventTime\":\"soon\"}\n"), 400);
    assertJsonError(
        ndjson("{\"target\":\"example/counter/a\",\"payload\":1}\n{\"target\":\n"), 400);
    // A payload string cut off by the end of the body (it once ran past the array: a 500).
    assertJsonError(ndjson("{\"target\":\"example/counter/a\",\"payload\":\"abc"), 400);
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
    HttpAnswer sent =
        client.send(
            "example/failing/letter",
            "\"boom\"".getBytes(StandardCharsets.UTF_8),
            "application/json",
            null,
            null);
    assertThat(sent.status()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(Json.egress(client, "dead-letters"))
                    .anySatisfy(letter -> assertThat(letter).contains("letter")));

    long start = System.nanoTime();
    HttpAnswer call =
        request("POST", "/v1/call/example/failing/caller?timeout=60s", "\"boom\"", Map.of());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
    assertJsonError(call, 422);
    assertThat(call.text()).contains("always fails");
  }

  @Test
  void invalidUtf8InPathsAndQueriesIs400() throws Exception {
    // A stray byte, a bad continuation, an overlong '/', a surrogate, past U+10FFFF, cut short.
    for (String bad : List.of("%FF", "%C3%28", "%C0%AF", "%ED%A0%80", "%F4%90%80%80", "%E2%82")) {
      assertJsonError(request("POST", "/v1/send/example/counter/a" + bad, "1", Map.of()), 400);
      assertJsonError(
          request("POST", "/v1/call/example/counter/" + bad + "?timeout=5s", "1", Map.of()), 400);
      assertJsonError(request("GET", "/v1/state/example/counter/" + bad, null, Map.of()), 400);
      assertJsonError(request("POST", "/v1/ingress/s" + bad + "/events", "", Map.of()), 400);
      assertJsonError(request("GET", "/v1/egress/e" + bad, null, Map.of()), 400);
      assertJsonError(request("GET", "/v1/deployments/d" + bad, null, Map.of()), 400, 404);
      assertJsonError(
          request("POST", "/v1/call/example/counter/q?timeout=5" + bad, "1", Map.of()), 400);
      assertJsonError(
          request(
              "POST",
              "/v1/deployments?name=n" + bad,
              "",
              Map.of("Content-Type", "application/java-archive")),
          400);
    }
    // Bytes that are not ASCII, not even percent-encoded: Undertow's parser refuses the request
    // line.
    HttpAnswer raw = raw("POST /v1/send/example/counter/\u00ff HTTP/1.1", "1");
    assertThat(raw.status()).isEqualTo(400);
  }

  @Test
  void headersThatAreNotPrintableAsciiAre400() {
    // 0xFF 0xFE is no UTF-8 at all; 0xC3 0xA9 is 'é' in UTF-8, still not an HTTP field value.
    for (String bad : List.of("\u00ff\u00fe", "caf\u00c3\u00a9")) {
      for (String path : List.of("/v1/send/example/counter/h", "/v1/call/example/counter/h")) {
        assertJsonError(raw("POST " + path + " HTTP/1.1\r\nIdempotency-Key: " + bad, "1"), 400);
        assertJsonError(raw("POST " + path + " HTTP/1.1\r\nX-Event-Time: 1" + bad, "1"), 400);
        assertJsonError(raw("POST " + path + " HTTP/1.1\r\nContent-Type: text/" + bad, "1"), 400);
      }
    }
    assertJsonError(
        raw("POST /v1/deployments HTTP/1.1\r\nContent-Type: application/\u00ff", "PK"), 415);
  }

  @Test
  void invalidUtf8InNdjsonIs400NamingTheLine() throws Exception {
    String good = "{\"target\":\"example/greeter/u\",\"payload\":\"ok\"}\n";
    List<String> bad =
        List.of(
            "{\"target\":\"example/greeter/\u00ff\",\"payload\":1}",
            "{\"target\":\"example/greeter/u\",\"payload\":\"a\u00ffb\"}",
            "{\"target\":\"example/greeter/u\",\"payload\":{\"x\":[\"\u00c3\u0028\"]}}",
            "{\"target\":\"example/greeter/u\",\"payload\":{\"\u00ed\u00a0\u0080\":1}}",
            "{\"target\":\"example/greeter/u\",\"payload\":1,\"idempotencyKey\":\"\u00c0\u00af\"}",
            "{\"target\":\"example/greeter/u\",\"payload\":\"cut \u00e2\u0082");
    for (String line : bad) {
      HttpAnswer answer =
          send(ndjsonRequest((good + line + "\n").getBytes(StandardCharsets.ISO_8859_1)));
      assertJsonError(answer, 400);
      assertThat(Json.parse(answer).path("error").path("message").asText())
          .as(line)
          .startsWith("line 2:");
    }
  }

  @Test
  void invalidUtf8AndDeepNestingInJsonBodiesAre400() throws Exception {
    String watermark = "/v1/ingress/bad-input/watermark";
    assertJsonError(
        send(
            bytes(
                watermark,
                "{\"watermark\":5,\"note\":\"\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1))),
        400);
    assertJsonError(
        request(
            "POST",
            watermark,
            "{\"watermark\":" + "[".repeat(5000) + "]".repeat(5000) + "}",
            Map.of()),
        400);
    assertJsonError(
        request("POST", watermark, "{\"watermark\":" + "9".repeat(2000) + "}", Map.of()), 400);
    assertJsonError(request("POST", watermark, "{\"watermark\":1e999}", Map.of()), 400);
  }

  @Test
  void jacksonsStreamLimitsAre400AndWhatIsWithinThemIsAccepted() throws Exception {
    // Nesting: the event object is one level, so a payload may nest 999 deep (Jackson's 1,000).
    assertThat(ndjson(event("example/greeter/deep", nested(999))).status()).isEqualTo(202);
    assertJsonError(ndjson(event("example/greeter/deep", nested(1000))), 400);
    assertJsonError(ndjson(event("example/greeter/deep", nested(100_000))), 400);
    // Numbers: up to 1,000 digits.
    assertThat(ndjson(event("example/greeter/number", "9".repeat(1000))).status()).isEqualTo(202);
    assertJsonError(ndjson(event("example/greeter/number", "9".repeat(1001))), 400);
    assertJsonError(
        ndjson(
            "{\"target\":\"example/greeter/t\",\"payload\":1,\"eventTime\":"
                + "9".repeat(30)
                + "}\n"),
        400);
    // Names: up to 50,000 characters; strings far longer, but a payload is held to the message
    // limit.
    String name = "n".repeat(50_000);
    assertThat(
            ndjson("{\"target\":\"example/greeter/name\",\"" + name + "\":1,\"payload\":1}\n")
                .status())
        .isEqualTo(202);
    assertJsonError(
        ndjson("{\"target\":\"example/greeter/name\",\"" + name + "n\":1,\"payload\":1}\n"), 400);
    assertThat(
            ndjson(event("example/greeter/string", "\"" + "s".repeat(64 * 1024) + "\"")).status())
        .isEqualTo(202);
  }

  @Test
  void compressedBodiesAre415AndIdentityIsAccepted() throws Exception {
    for (String coding : List.of("gzip", "deflate", "br", "identity, gzip")) {
      HttpAnswer send =
          request("POST", "/v1/send/example/counter/z", "1", Map.of("Content-Encoding", coding));
      assertJsonError(send, 415);
      assertJsonError(
          request(
              "POST",
              "/v1/ingress/bad-input/events",
              event("example/counter/z", "1"),
              Map.of("Content-Encoding", coding, "Content-Type", "application/x-ndjson")),
          415);
      assertJsonError(
          send(bytes("/v1/deployments", new byte[] {'P', 'K'}).header("Content-Encoding", coding)),
          415);
    }
    assertThat(
            request(
                    "POST",
                    "/v1/send/example/counter/z",
                    "1",
                    Map.of("Content-Encoding", "identity"))
                .status())
        .isEqualTo(202);
    String chunkedSend =
        "POST /v1/send/example/counter/z HTTP/1.1\r\nHost: x\r\nConnection: close\r\n";
    assertJsonError(
        RawHttp.exchange(
            node.port(),
            chunkedSend + "Transfer-Encoding: gzip, chunked\r\n\r\n1\r\n1\r\n0\r\n\r\n",
            Duration.ofSeconds(10)),
        415);
    // Not ending with chunked, the body has no known end: refused at once, not after a stall.
    assertJsonError(
        RawHttp.exchange(
            node.port(), chunkedSend + "Transfer-Encoding: bogus\r\n\r\n1", Duration.ofSeconds(10)),
        400);
  }

  private static String event(String target, String payload) {
    return "{\"target\":\"" + target + "\",\"payload\":" + payload + "}\n";
  }

  private static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  private HttpRequest.Builder ndjsonRequest(byte[] body) {
    return HttpRequest.newBuilder(URI.create(node.url() + "/v1/ingress/bad-input/events"))
        .header("Content-Type", "application/x-ndjson")
        .POST(BodyPublishers.ofByteArray(body));
  }

  private HttpRequest.Builder bytes(String path, byte[] body) {
    return HttpRequest.newBuilder(URI.create(node.url() + path))
        .POST(BodyPublishers.ofByteArray(body));
  }
}
