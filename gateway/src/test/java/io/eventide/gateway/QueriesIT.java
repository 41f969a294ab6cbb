package io.eventide.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventide.dispatcher.api.EgressPage;
import io.eventide.dispatcher.api.EgressRecord;
import io.eventide.dispatcher.api.SourceStatus;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueriesIT extends GatewayTestBase {

  @Test
  void stateShowsJsonValuesAsJsonAndOtherBytesAsBase64() {
    queries.states.put(
        "shop/cart/alice",
        Map.of(
            "count", "42".getBytes(StandardCharsets.UTF_8),
            "items", "[\"a\",\"b\"]".getBytes(StandardCharsets.UTF_8),
            "blob", new byte[] {(byte) 0xff, 0x00}));

    HttpResponse<String> response = get("/v1/state/shop/cart/alice");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode values = json(response).path("values");
    assertThat(values.path("count").asLong()).isEqualTo(42);
    assertThat(values.path("items").get(1).asText()).isEqualTo("b");
    assertThat(values.path("blob").path("base64").asText()).isEqualTo("/wA=");
  }

  @Test
  void stateOfAnUnknownTypeIs404AndOfAnUnknownInstanceIsEmpty() {
    assertThat(get("/v1/state/shop/ghost/alice").statusCode()).isEqualTo(404);
    HttpResponse<String> empty = get("/v1/state/shop/cart/nobody");
    assertThat(empty.statusCode()).isEqualTo(200);
    assertThat(json(empty).path("values").size()).isZero();
    assertThat(get("/v1/state/shop").statusCode()).isEqualTo(400);
    // Two segments are the type's listing, not a malformed instance path.
    HttpResponse<String> none = get("/v1/state/shop/cart");
    assertThat(none.statusCode()).isEqualTo(200);
    assertThat(json(none).path("ids").size()).isZero();
    assertThat(json(none).path("next").isNull()).isTrue();
  }

  @Test
  void sourceStatusShowsProgressAndIs404ForASourceNeverSeenAnd400ForABadName() {
    queries.sources.put("clicks", new SourceStatus("clicks", Long.MAX_VALUE, 2_000_000, 0, true));

    HttpResponse<String> response = get("/v1/ingress/clicks");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode status = json(response);
    assertThat(status.path("source").asText()).isEqualTo("clicks");
    assertThat(status.path("watermark").asLong()).isEqualTo(Long.MAX_VALUE);
    assertThat(status.path("accepted").asLong()).isEqualTo(2_000_000);
    assertThat(status.path("pending").asLong()).isZero();
    assertThat(status.path("finished").asBoolean()).isTrue();
    assertThat(get("/v1/ingress/ghost").statusCode()).isEqualTo(404);
    assertThat(errorCode(get("/v1/ingress/Bad%20Name"))).isEqualTo("INVALID");
  }

  @Test
  void egressPagesRenderPayloadsAsText() {
    queries.page =
        new EgressPage(
            List.of(
                new EgressRecord(
                    7, "application/json", "{\"n\":1}".getBytes(StandardCharsets.UTF_8), 1000)),
            8);

    HttpResponse<String> response = get("/v1/egress/totals?from=7&limit=5");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode record = json(response).path("records").get(0);
    assertThat(record.path("offset").asLong()).isEqualTo(7);
    assertThat(record.path("contentType").asText()).isEqualTo("application/json");
    assertThat(record.path("payload").asText()).isEqualTo("{\"n\":1}");
    assertThat(record.path("eventTime").asLong()).isEqualTo(1000);
    assertThat(json(response).path("next").asLong()).isEqualTo(8);
    assertThat(queries.egressReads).containsExactly(new FakeQueries.EgressRead("totals", 7, 5));
  }

  @Test
  void anEgressPageSaysWhenRecordsFromTheOffsetAskedForWereTrimmed() {
    assertThat(json(get("/v1/egress/totals?from=3")).has("trimmed")).isFalse();

    queries.page =
        new EgressPage(
            List.of(new EgressRecord(70, "text/plain", "x".getBytes(StandardCharsets.UTF_8), 1)),
            71,
            70);
    JsonNode page = json(get("/v1/egress/totals?from=3"));

    assertThat(page.path("trimmed").asBoolean()).isTrue();
    assertThat(page.path("firstOffset").asLong()).isEqualTo(70);
    assertThat(page.path("records").get(0).path("offset").asLong()).isEqualTo(70);
    assertThat(page.path("next").asLong()).isEqualTo(71);
  }

  @Test
  void egressDefaultsAndLimits() {
    assertThat(get("/v1/egress/totals").statusCode()).isEqualTo(200);
    assertThat(queries.egressReads).containsExactly(new FakeQueries.EgressRead("totals", 0, 100));
    assertThat(get("/v1/egress/totals?limit=10001").statusCode()).isEqualTo(400);
    assertThat(get("/v1/egress/totals?limit=0").statusCode()).isEqualTo(400);
    assertThat(get("/v1/egress/totals?from=-1").statusCode()).isEqualTo(400);
    assertThat(get("/v1/egress/totals?from=abc").statusCode()).isEqualTo(400);
    assertThat(queries.egressReads).hasSize(1);
  }

  @Test
  void functionsAndClusterAreRendered() {
    HttpResponse<String> functions = get("/v1/functions");
    assertThat(functions.statusCode()).isEqualTo(200);
    assertThat(json(functions).path("functions").toString())
        .isEqualTo("[\"shop/cart\",\"shop/counter\"]");

    HttpResponse<String> cluster = get("/v1/cluster");
    assertThat(cluster.statusCode()).isEqualTo(200);
    assertThat(json(cluster).path("nodes").get(0).path("id").asText()).isEqualTo("node-1");
  }

  @Test
  void healthReadinessMetricsAndConsole() {
    HttpResponse<String> health = get("/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(json(health).path("status").asText()).isEqualTo("UP");
    assertThat(get("/ready").statusCode()).isEqualTo(200);
    queries.ready = false;
    assertThat(get("/ready").statusCode()).isEqualTo(503);

    HttpResponse<String> metrics = get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    assertThat(metrics.body())
        .contains(
            "eventide_gateway_requests_seconds_count{method=\"GET\",route=\"/ready\",status=\"503\"}"
                + " 1");

    HttpResponse<String> console = get("/");
    assertThat(console.statusCode()).isEqualTo(200);
    assertThat(console.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(console.body())
        .contains("<title>Eventide console</title>")
        .doesNotContain("http://", "https://");
  }
}
