package io.eventide.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventide.dispatcher.api.DispatcherException;
import io.eventide.dispatcher.api.IngressMessage;
import io.eventide.store.StoreException;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class IngressIT extends GatewayTestBase {

  @Test
  void aBatchIsEnqueuedInOrderAndCounted() {
    String body =
        """
        {"target":"shop/cart/alice","eventTime":1000,"payload":{"sku":"a"},"idempotencyKey":"e-1"}

        {"target":"shop/counter/bob","payload":[1,2]}
        """;

    HttpResponse<String> response =
        post("/v1/ingress/clicks/events", body, "Content-Type", "application/x-ndjson");

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(json(response).path("accepted").asInt()).isEqualTo(2);
    FakeIngress.Batch batch = ingress.batches.get(0);
    assertThat(batch.source()).isEqualTo("clicks");
    IngressMessage first = batch.events().get(0);
    assertThat(first.id()).isEqualTo("alice");
    assertThat(first.eventTime()).isEqualTo(1000);
    assertThat(first.idempotencyKey()).isEqualTo("e-1");
    assertThat(first.contentType()).isEqualTo("application/json");
    assertThat(new String(first.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"sku\":\"a\"}");
    assertThat(batch.events().get(1).eventTime()).isEqualTo(IngressMessage.INGESTION_TIME);
    assertThat(registry.scrape()).contains("eventide_gateway_ingress_events_total 2.0");
  }

  @Test
  void eventsTheDispatcherRefusesForTheirKeyAre422NamingTheirLines() {
    String body =
        """
        {"target":"shop/cart/a","payload":1,"idempotencyKey":"k1"}

        {"target":"shop/cart/b","payload":2,"idempotencyKey":"k2"}
        {"target":"shop/cart/c","payload":3}
        {"target":"shop/cart/d","payload":4,"idempotencyKey":"k4"}
        """;
    ingress.onIngest =
        events ->
            CompletableFuture.failedFuture(
                DispatcherException.ofEvents(
                    DispatcherException.Code.IDEMPOTENCY_KEY_MISMATCH,
                    "2 of 4 events reused a key",
                    List.of(1, 3),
                    2));

    HttpResponse<String> response = post("/v1/ingress/clicks/events", body);

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(errorCode(response)).isEqualTo("IDEMPOTENCY_KEY_MISMATCH");
    assertThat(errorMessage(response)).isEqualTo("lines 3, 5: 2 of 4 events reused a key");
    JsonNode error = json(response).path("error");
    assertThat(error.path("lines").toString()).isEqualTo("[3,5]");
    assertThat(error.path("refused").asInt()).isEqualTo(2);
    assertThat(error.path("accepted").asInt()).isEqualTo(2);
  }

  @Test
  void moreRefusedEventsThanTheDispatcherNamesAreCounted() {
    ingress.onIngest =
        events ->
            CompletableFuture.failedFuture(
                DispatcherException.ofEvents(
                    DispatcherException.Code.IDEMPOTENCY_KEY_MISMATCH, "refused", List.of(0), 3));

    HttpResponse<String> response =
        post("/v1/ingress/clicks/events", "{\"target\":\"shop/cart/a\",\"payload\":1}\n".repeat(4));

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(errorMessage(response)).isEqualTo("lines 1 and 2 more: refused");
    assertThat(json(response).path("error").path("accepted").asInt()).isEqualTo(1);
  }

  @Test
  void aCommitThatMayHaveLandedIs504SoThatAClientRetrying503DoesNotApplyTheBatchTwice() {
    String body = "{\"target\":\"shop/cart/a\",\"payload\":1}\n";
    ingress.onIngest =
        events ->
            CompletableFuture.failedFuture(
                new StoreException(StoreException.Code.COMMIT_UNKNOWN, "no answer in 10 s"));

    HttpResponse<String> unknown = post("/v1/ingress/clicks/events", body);

    assertThat(unknown.statusCode()).isEqualTo(504);
    assertThat(errorCode(unknown)).isEqualTo("OUTCOME_UNKNOWN");
    assertThat(unknown.headers().firstValue("Retry-After")).isEmpty();

    ingress.onIngest =
        events ->
            CompletableFuture.failedFuture(
                new StoreException(StoreException.Code.CONFLICT, "retries spent"));

    HttpResponse<String> refused = post("/v1/ingress/clicks/events", body);

    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(errorCode(refused)).isEqualTo("UNAVAILABLE");
    assertThat(refused.headers().firstValue("Retry-After")).contains("1");
  }

  @Test
  void malformedLinesAre400NamingTheLineAndEnqueueNothing() {
    String body =
        "{\"target\":\"shop/cart/a\",\"payload\":1}\n{\"target\":\"shop/cart/b\",\"payload\":\n";

    HttpResponse<String> response = post("/v1/ingress/clicks/events", body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(errorMessage(response)).startsWith("line 2:");
    assertThat(ingress.batches).isEmpty();
  }

  @Test
  void anUnknownTypeInABatchEnqueuesNothing() {
    String body =
        """
        {"target":"shop/cart/a","payload":1}
        {"target":"shop/cart/b","payload":2}
        {"target":"shop/ghost/c","payload":3}
        """;

    HttpResponse<String> response = post("/v1/ingress/clicks/events", body);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(errorMessage(response)).startsWith("line 3:").contains("shop/ghost");
    assertThat(ingress.batches).isEmpty();
  }

  @Test
  void badTargetsAndTooManyEventsAreRefused() {
    HttpResponse<String> badTarget =
        post("/v1/ingress/clicks/events", "{\"target\":\"shop/cart\",\"payload\":1}");
    assertThat(badTarget.statusCode()).isEqualTo(400);
    assertThat(errorMessage(badTarget)).contains("line 1").contains("namespace/type/id");

    start(
        GatewayConfig.of("127.0.0.1", 0)
            .withLimits(new GatewayConfig.Limits(1024, 4096, 2, 4096, 16)));
    String three = "{\"target\":\"shop/cart/a\",\"payload\":1}\n".repeat(3);
    HttpResponse<String> tooMany = post("/v1/ingress/clicks/events", three);
    assertThat(tooMany.statusCode()).isEqualTo(413);
    HttpResponse<String> tooBig =
        post(
            "/v1/ingress/clicks/events",
            "{\"target\":\"shop/cart/a\",\"payload\":\"" + "x".repeat(5000) + "\"}");
    assertThat(tooBig.statusCode()).isEqualTo(413);
    assertThat(ingress.batches).isEmpty();
  }

  @Test
  void chunkedBatchesAreReadWholeAcrossManyReadsAndLimitedWhileReading() {
    // 3,000 lines of ~45 bytes: well over one 64 KB read, and no Content-Length to presize from.
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      body.append("{\"target\":\"shop/cart/k").append(i).append("\",\"payload\":").append(i);
      body.append("}\n");
    }
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> whole = send(chunked(bytes));

    assertThat(whole.statusCode()).isEqualTo(202);
    assertThat(json(whole).path("accepted").asInt()).isEqualTo(3000);
    assertThat(ingress.batches.get(0).events()).hasSize(3000);
    assertThat(ingress.batches.get(0).events().get(2999).id()).isEqualTo("k2999");

    start(
        GatewayConfig.of("127.0.0.1", 0)
            .withLimits(new GatewayConfig.Limits(1024, 2048, 10_000, 4096, 16)));
    // Small enough to be sent whole before the answer: the JDK client gives up on a connection
    // closed while it still writes.
    HttpResponse<String> tooBig = send(chunked(Arrays.copyOf(bytes, 3000)));
    assertThat(tooBig.statusCode()).isEqualTo(413);
    assertThat(errorCode(tooBig)).isEqualTo("TOO_LARGE");
    assertThat(ingress.batches).isEmpty();
  }

  private HttpRequest.Builder chunked(byte[] bytes) {
    return request("/v1/ingress/clicks/events")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)));
  }

  @Test
  void badSourceNamesAre400() {
    assertThat(post("/v1/ingress/bad%20source/events", "").statusCode()).isEqualTo(400);
    assertThat(post("/v1/ingress/a/b/events", "").statusCode()).isEqualTo(400);
  }

  @Test
  void watermarksAreForwarded() {
    HttpResponse<String> response =
        post("/v1/ingress/clicks/watermark", "{\"watermark\": 9223372036854775807}");

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(ingress.watermarks)
        .containsExactly(new FakeIngress.Watermark("clicks", Long.MAX_VALUE));
    assertThat(post("/v1/ingress/clicks/watermark", "{\"watermark\": \"soon\"}").statusCode())
        .isEqualTo(400);
    assertThat(post("/v1/ingress/clicks/watermark", "not json").statusCode()).isEqualTo(400);
    assertThat(ingress.watermarks).hasSize(1);
  }

  @Test
  void batchesWaitForTheDurableWrite() {
    var pending = new java.util.concurrent.CompletableFuture<Integer>();
    ingress.onIngest = events -> pending;
    var response =
        CLIENT.sendAsync(
            request("/v1/ingress/clicks/events")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"target\":\"shop/cart/a\",\"payload\":1}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> !ingress.batches.isEmpty());
    assertThat(response).isNotDone();

    pending.complete(1);

    assertThat(response.orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join().statusCode())
        .isEqualTo(202);
  }
}
