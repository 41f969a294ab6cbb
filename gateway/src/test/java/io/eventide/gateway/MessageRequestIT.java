package io.eventide.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.dispatcher.api.IngressMessage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chain {@code /v1/send} and {@code /v1/call} share ({@link MessageRequest}), run against both:
 * the same request makes the same message, and the same bad request the same answer, before the
 * ingress sees anything.
 */
class MessageRequestIT extends GatewayTestBase {
  @ParameterizedTest
  @ValueSource(strings = {"send", "call"})
  void theHeadersBecomeTheMessage(String endpoint) {
    HttpResponse<String> response =
        post(
            "/v1/" + endpoint + "/shop/cart/a%2Fb",
            "{\"n\":1}",
            "Content-Type",
            "application/vnd.shop+json",
            "X-Event-Time",
            "1700000000000",
            "Idempotency-Key",
            "k-1");

    assertThat(response.statusCode()).isEqualTo(endpoint.equals("send") ? 202 : 200);
    IngressMessage message = received();
    assertThat(List.of(message.namespace(), message.type(), message.id()))
        .containsExactly("shop", "cart", "a/b");
    assertThat(new String(message.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
    assertThat(message.contentType()).isEqualTo("application/vnd.shop+json");
    assertThat(message.eventTime()).isEqualTo(1_700_000_000_000L);
    assertThat(message.idempotencyKey()).isEqualTo("k-1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"send", "call"})
  void absentHeadersTakeTheirDefaults(String endpoint) {
    assertThat(post("/v1/" + endpoint + "/shop/cart/a", new byte[0]).statusCode())
        .isEqualTo(endpoint.equals("send") ? 202 : 200);
    IngressMessage message = received();
    assertThat(message.contentType()).isEqualTo(MessageHeaders.DEFAULT_CONTENT_TYPE);
    assertThat(message.eventTime()).isEqualTo(IngressMessage.INGESTION_TIME);
    assertThat(message.idempotencyKey()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"send", "call"})
  void badRequestsAreAnsweredAlikeAndReachNoIngress(String endpoint) {
    String at = "/v1/" + endpoint + "/shop/cart/a";
    assertRefused(post("/v1/" + endpoint + "/shop/ca%20rt/a", "x"), 400, "'ca rt'");
    assertRefused(post(at, "x", "X-Event-Time", "-1"), 400, "X-Event-Time");
    assertRefused(post(at, "x", "Idempotency-Key", "k".repeat(257)), 400, "Idempotency-Key");
    // The JDK client would send '?' for a byte outside ASCII; a raw socket sends the byte.
    String head =
        "POST " + at + " HTTP/1.1\r\nHost: x\r\nIdempotency-Key: k\u00e9\r\nContent-Length: 0";
    assertThat(raw(head))
        .startsWith("HTTP/1.1 400")
        .contains("Idempotency-Key must be printable ASCII");
    assertRefused(post(at, "x", "Content-Type", "t".repeat(1025)), 400, "Content-Type");
    assertRefused(post("/v1/" + endpoint + "/shop/nope/a", "x"), 404, "shop/nope");
    assertThat(ingress.sent).isEmpty();
    assertThat(ingress.calls).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"send", "call"})
  void theAddressIsCheckedBeforeTheHeaders(String endpoint) {
    HttpResponse<String> response =
        post("/v1/" + endpoint + "/shop/ca%20rt/a", "x", "X-Event-Time", "yesterday");
    assertRefused(response, 400, "'ca rt'");
  }

  @Test
  void aCallsHeadersAreCheckedBeforeItsTimeout() {
    HttpResponse<String> response =
        post("/v1/call/shop/cart/a?timeout=soon", "x", "X-Event-Time", "yesterday");
    assertRefused(response, 400, "X-Event-Time");
  }

  private IngressMessage received() {
    List<IngressMessage> messages =
        ingress.sent.isEmpty()
            ? ingress.calls.stream().map(FakeIngress.Call::message).toList()
            : ingress.sent;
    assertThat(messages).hasSize(1);
    return messages.get(0);
  }

  private static void assertRefused(HttpResponse<String> response, int status, String mentions) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(errorMessage(response)).contains(mentions);
  }
}
