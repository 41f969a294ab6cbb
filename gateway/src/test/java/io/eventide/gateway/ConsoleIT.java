package io.eventide.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's files and the metrics summary its charts read. The browser side is tested in
 * deploy's {@code ConsoleBrowserIT}.
 */
class ConsoleIT extends GatewayTestBase {
  private static final Pattern REFERENCE =
      Pattern.compile("(?:src|href)=\"([^\"]+)\"|from \"\\./([^\"]+)\"");

  @TempDir Path dir;

  @Test
  void everyFileThePageNamesIsServedFromThisOriginUnderAPolicyThatForbidsAnyOther() {
    HttpResponse<String> index = get("/");

    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(
            csp -> assertThat(csp).contains("default-src 'none'", "script-src 'self'"));
    List<String> files = references(index.body());
    assertThat(files).contains("/console/console.css", "/console/main.js");
    HttpResponse<String> main = get("/console/main.js");
    assertThat(main.headers().firstValue("Content-Type"))
        .hasValue("text/javascript; charset=utf-8");
    for (String module : references(main.body())) {
      HttpResponse<String> js = get("/console/" + module);
      assertThat(js.statusCode()).as(module).isEqualTo(200);
      // The SVG namespace is a name, never fetched; no other absolute URL may appear.
      assertThat(js.body().replace("http://www.w3.org/2000/svg", ""))
          .as(module)
          .doesNotContain("http://", "https://");
      for (String imported : references(js.body())) {
        assertThat(get("/console/" + imported).statusCode()).as(imported).isEqualTo(200);
      }
    }
    assertThat(get("/console/console.css").headers().firstValue("Content-Type"))
        .hasValue("text/css; charset=utf-8");
  }

  @Test
  void unknownFilesAre404AndTheConsoleNeedsNoToken() {
    start(GatewayConfig.of("127.0.0.1", 0).withTokens("admin-secret", "ingress-secret"));

    HttpResponse<String> missing = get("/console/secrets.js");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(errorCode(missing)).isEqualTo("NOT_FOUND");
    assertThat(get("/console/..%2Fconsole.html").statusCode()).isEqualTo(404);
    assertThat(get("/").statusCode()).isEqualTo(200);
    assertThat(get("/console/api.js").statusCode()).isEqualTo(200);
    assertThat(get("/v1/cluster").statusCode()).isEqualTo(401);
  }

  @Test
  void theMetricsSummarySumsCountersAndTimersOverTheirTagsAndLeavesAbsentOnesOut() {
    Counter.builder("eventide.messages.processed")
        .tag("shard", "0")
        .register(registry)
        .increment(3);
    Counter.builder("eventide.messages.processed")
        .tag("shard", "1")
        .register(registry)
        .increment(4);
    for (String type : List.of("a/b", "c/d")) {
      Timer.builder("eventide.worker.invocation.duration")
          .tag("type", type)
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofMillis(1))
          .maximumExpectedValue(Duration.ofSeconds(30))
          .register(registry)
          .record(Duration.ofMillis(type.equals("a/b") ? 2 : 200));
    }
    assertThat(
            send(request("/v1/send/shop/cart/a").POST(HttpRequest.BodyPublishers.ofString("1")))
                .statusCode())
        .isEqualTo(202);

    JsonNode summary = json(get("/v1/metrics/summary"));

    assertThat(summary.path("time").asLong()).isPositive();
    assertThat(summary.path("counters").path("processed").asLong()).isEqualTo(7);
    assertThat(summary.path("counters").path("sendRequests").asLong()).isEqualTo(1);
    assertThat(summary.path("counters").has("deadLettered")).as("no such meter here").isFalse();
    assertThat(summary.path("gauges").has("backlog")).isFalse();
    JsonNode invocation = summary.path("timers").path("invocation");
    assertThat(invocation.path("count").asLong()).isEqualTo(2);
    assertThat(invocation.path("totalMillis").asDouble()).isEqualTo(202.0);
    assertThat(invocation.path("maxMillis").asDouble()).isEqualTo(200.0);
    JsonNode buckets = invocation.path("buckets");
    assertThat(buckets.get(0).get(1).asLong()).as("the first bucket holding 2 ms").isEqualTo(1);
    assertThat(buckets.get(0).get(0).asDouble()).isBetween(2.0, 3.0);
    assertThat(buckets.get(buckets.size() - 1).get(1).asLong()).isEqualTo(2);
    assertThat(summary.path("timers").path("ingressRequest").path("count").asLong()).isEqualTo(1);
    assertThat(summary.path("timers").has("commit")).isFalse();
  }

  @Test
  void theMetricsSummaryIsGuardedLikeMetrics() {
    start(
        GatewayConfig.of("127.0.0.1", 0)
            .withAccess(new GatewayConfig.Access(null, null, "scrape-secret")));

    assertThat(get("/v1/metrics/summary").statusCode()).isEqualTo(401);
    HttpResponse<String> scraped =
        send(request("/v1/metrics/summary").header("Authorization", "Bearer scrape-secret"));
    assertThat(scraped.statusCode()).isEqualTo(200);
  }

  private static List<String> references(String text) {
    Matcher matcher = REFERENCE.matcher(text);
    List<String> found = new java.util.ArrayList<>();
    while (matcher.find()) {
      found.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
    }
    return found;
  }
}
