package io.eventide.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.dispatcher.api.CallReply;
import io.eventide.dispatcher.api.DispatcherException;
import io.eventide.dispatcher.api.IngressMessage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SendCallIT extends GatewayTestBase {

  @Test
  void sendEnqueuesTheMessageAndAnswers202WithItsId() {
    HttpResponse<String> response =
        post(
            "/v1/send/shop/cart/alice",
            "{\"item\":1}",
            "Content-Type",
            "application/json",
            "Idempotency-Key",
            "k-1",
            "X-Event-Time",
            "1234");

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(json(response).path("messageId").asText()).isEqualTo("msg-1");
    IngressMessage sent = ingress.sent.get(0);
    assertThat(sent.namespace()).isEqualTo("shop");
    assertThat(sent.type()).isEqualTo("cart");
    assertThat(sent.id()).isEqualTo("alice");
    assertThat(new String(sent.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"item\":1}");
    assertThat(sent.contentType()).isEqualTo("application/json");
    assertThat(sent.eventTime()).isEqualTo(1234);
    assertThat(sent.idempotencyKey()).isEqualTo("k-1");
  }

  @Test
  void sendDefaultsContentTypeAndEventTime() {
    HttpResponse<String> response =
        send(
            request("/v1/send/shop/cart/bob")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));

    assertThat(response.statusCode()).isEqualTo(202);
    IngressMessage sent = ingress.sent.get(0);
    assertThat(sent.contentType()).isEqualTo("application/octet-stream");
    assertThat(sent.eventTime()).isEqualTo(IngressMessage.INGESTION_TIME);
    assertThat(sent.idempotencyKey()).isNull();
    assertThat(sent.payload()).isEmpty();
  }

  @Test
  void idsArePercentDecodedAndMayContainEncodedSlashes() {
    HttpResponse<String> response = post("/v1/send/shop/cart/a%2Fb%20c+%C3%A9", "x");

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(ingress.sent.get(0).id()).isEqualTo("a/b c+é");
  }

  @Test
  void malformedPathsAre400() {
    assertThat(post("/v1/send/shop/cart", "x").statusCode()).isEqualTo(400);
    assertThat(post("/v1/send/shop/cart/a/b", "x").statusCode()).isEqualTo(400);
    assertThat(post("/v1/send/shop//alice", "x").statusCode()).isEqualTo(400);
    assertThat(raw("POST /v1/send/shop/cart/%zz HTTP/1.1\r\nHost: x\r\nContent-Length: 0"))
        .startsWith("HTTP/1.1 400"); // refused by Undertow's own request parser
    assertThat(raw("POST /v1/send/shop/cart/ab% HTTP/1.1\r\nHost: x\r\nContent-Length: 0"))
        .startsWith("HTTP/1.1 400");
    HttpResponse<String> badUtf8 = post("/v1/send/shop/cart/%C3", "x");
    assertThat(badUtf8.statusCode()).isEqualTo(400);
    assertThat(errorMessage(badUtf8)).contains("not valid UTF-8");
    HttpResponse<String> badName = post("/v1/send/shop/ca%20rt/alice", "x");
    assertThat(badName.statusCode()).isEqualTo(400);
    assertThat(errorCode(badName)).isEqualTo("INVALID");
    assertThat(errorMessage(badName)).contains("name 'ca rt' must match");
    assertThat(ingress.sent).isEmpty();
  }

  @Test
  void idsOver256BytesAre400() {
    String id = "é".repeat(129); // 258 bytes of UTF-8
    HttpResponse<String> response =
        post("/v1/send/shop/cart/" + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8), "x");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(errorMessage(response)).contains("1..256 bytes");
    assertThat(post("/v1/send/shop/cart/" + "a".repeat(256), "x").statusCode()).isEqualTo(202);
  }

  @Test
  void badHeadersAre400WithAClearMessage() {
    HttpResponse<String> badTime = post("/v1/send/shop/cart/a", "x", "X-Event-Time", "yesterday");
    assertThat(badTime.statusCode()).isEqualTo(400);
    assertThat(errorMessage(badTime)).contains("X-Event-Time").contains("yesterday");

    HttpResponse<String> longKey =
        post("/v1/send/shop/cart/a", "x", "Idempotency-Key", "k".repeat(257));
    assertThat(longKey.statusCode()).isEqualTo(400);
    assertThat(errorMessage(longKey)).contains("Idempotency-Key");
    assertThat(ingress.sent).isEmpty();
  }

  @Test
  void unknownFunctionTypeIs404() {
    HttpResponse<String> response = post("/v1/send/shop/nope/a", "x");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(errorCode(response)).isEqualTo("NOT_FOUND");
    assertThat(errorMessage(response)).contains("shop/nope");
    assertThat(ingress.sent).isEmpty();
  }

  @Test
  void aTypeDeployedAfterStartIsAcceptedAtOnce() {
    assertThat(post("/v1/send/shop/later/a", "x").statusCode()).isEqualTo(404);
    deployments.baseTypes.add("shop/later");

    assertThat(post("/v1/send/shop/later/a", "x").statusCode()).isEqualTo(202);
  }

  @Test
  void dispatcherCodesMapToStatuses() {
    ingress.onSend =
        m ->
            CompletableFuture.failedFuture(
                new DispatcherException(DispatcherException.Code.OVERLOADED, "backlog"));
    HttpResponse<String> overloaded = post("/v1/send/shop/cart/a", "x");
    assertThat(overloaded.statusCode()).isEqualTo(429);
    assertThat(overloaded.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(errorCode(overloaded)).isEqualTo("OVERLOADED");

    ingress.onSend =
        m ->
            CompletableFuture.failedFuture(
                new DispatcherException(DispatcherException.Code.UNAVAILABLE, "down"));
    assertThat(post("/v1/send/shop/cart/a", "x").statusCode()).isEqualTo(503);
    ingress.onSend =
        m ->
            CompletableFuture.failedFuture(
                new DispatcherException(DispatcherException.Code.INVALID, "bad"));
    assertThat(post("/v1/send/shop/cart/a", "x").statusCode()).isEqualTo(400);
    ingress.onSend =
        m ->
            CompletableFuture.failedFuture(
                new DispatcherException(DispatcherException.Code.TOO_LARGE, "big"));
    assertThat(post("/v1/send/shop/cart/a", "x").statusCode()).isEqualTo(413);
  }

  @Test
  void aKeyReusedForADifferentRequestIs422OnSendAndCall() {
    DispatcherException mismatch =
        new DispatcherException(
            DispatcherException.Code.IDEMPOTENCY_KEY_MISMATCH,
            "idempotency key 'k' was used before");
    ingress.onSend = m -> CompletableFuture.failedFuture(mismatch);
    ingress.onCall = (m, t) -> CompletableFuture.failedFuture(mismatch);

    for (String path : new String[] {"/v1/send/shop/cart/a", "/v1/call/shop/cart/a"}) {
      HttpResponse<String> response = post(path, "x", "Idempotency-Key", "k");
      assertThat(response.statusCode()).as(path).isEqualTo(422);
      assertThat(errorCode(response)).isEqualTo("IDEMPOTENCY_KEY_MISMATCH");
      assertThat(errorMessage(response)).isEqualTo("idempotency key 'k' was used before");
    }
  }

  @Test
  void sendCompletesWhenTheDurableWriteCompletesLater() {
    CompletableFuture<io.eventide.dispatcher.api.SendReceipt> pending = new CompletableFuture<>();
    ingress.onSend = m -> pending;
    CompletableFuture<HttpResponse<String>> response =
        CLIENT.sendAsync(
            request("/v1/send/shop/cart/a")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> !ingress.sent.isEmpty());
    assertThat(response).isNotDone();

    pending.complete(new io.eventide.dispatcher.api.SendReceipt("late", true));

    HttpResponse<String> done = response.orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join();
    assertThat(done.statusCode()).isEqualTo(202);
    assertThat(json(done).path("messageId").asText()).isEqualTo("late");
    assertThat(json(done).path("duplicate").asBoolean()).isTrue();
  }

  @Test
  void callAnswersWithTheReplyBodyAndContentType() {
    HttpResponse<String> response = post("/v1/call/shop/cart/alice?timeout=5s", "ping");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("pong");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(ingress.calls.get(0).timeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void callUsesTheDefaultTimeoutAndAnswersEmptyWhenTheHandlerDidNotReply() {
    ingress.onCall = (m, t) -> CompletableFuture.completedFuture(new CallReply(new byte[0], null));

    HttpResponse<String> response = post("/v1/call/shop/cart/alice", "ping");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
    assertThat(ingress.calls.get(0).timeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void callTimeoutIs504() {
    ingress.onCall =
        (m, t) ->
            CompletableFuture.failedFuture(
                new DispatcherException(DispatcherException.Code.TIMEOUT, "no reply"));
    HttpResponse<String> response = post("/v1/call/shop/cart/alice?timeout=250ms", "ping");
    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(errorCode(response)).isEqualTo("TIMEOUT");
  }

  @Test
  void callGivesUpItselfWhenTheDispatcherNeverAnswers() {
    ingress.onCall = (m, t) -> new CompletableFuture<>();
    HttpResponse<String> response = post("/v1/call/shop/cart/alice?timeout=10ms", "ping");
    assertThat(response.statusCode()).isEqualTo(504);
  }

  @Test
  void badTimeoutsAre400() {
    assertThat(post("/v1/call/shop/cart/a?timeout=soon", "x").statusCode()).isEqualTo(400);
    assertThat(post("/v1/call/shop/cart/a?timeout=0s", "x").statusCode()).isEqualTo(400);
    assertThat(post("/v1/call/shop/cart/a?timeout=2h", "x").statusCode()).isEqualTo(400);
    assertThat(ingress.calls).isEmpty();
  }

  @Test
  void wrongMethodIs405AndUnknownPathIs404() {
    HttpResponse<String> wrongMethod = get("/v1/send/shop/cart/a");
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
    assertThat(errorCode(wrongMethod)).isEqualTo("METHOD_NOT_ALLOWED");

    HttpResponse<String> unknown = get("/v2/nothing");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(errorCode(unknown)).isEqualTo("NOT_FOUND");
  }
}
