package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.client.HttpAnswer;
import io.eventide.deploy.process.NodeProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's metrics as a scraper sees them: behind {@code --metrics-token}, with each ingress
 * source's watermark and how far it trails processing time.
 */
class ObservabilityIT {
  private static final String SCRAPE = "scrape-secret-4d1e";

  @TempDir Path tmp;

  @Test
  void aSourcesWatermarkAndItsLagAreScrapedWithTheMetricsToken() {
    try (NodeProcess node =
        TestNodes.start(tmp.resolve("data"), "--metrics-token", SCRAPE, "--admin-token", "a")) {
      EventideClient client = new EventideClient(node.url(), "a", null);
      long watermark = System.currentTimeMillis() - 60_000;
      assertThat(client.watermark("obs", watermark).status()).isEqualTo(202);

      assertThat(new EventideClient(node.url(), null, null).get("/metrics").status())
          .isEqualTo(401);
      EventideClient scraper = new EventideClient(node.url(), SCRAPE, null);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                HttpAnswer metrics = scraper.get("/metrics");
                assertThat(metrics.status()).isEqualTo(200);
                assertThat(value(metrics.text(), "eventide_source_watermark_milliseconds", "obs"))
                    .isEqualTo((double) watermark);
                double lag = value(metrics.text(), "eventide_source_watermark_lag_seconds", "obs");
                assertThat(lag).isBetween(60.0, 60.0 + 120);
              });
    }
  }

  @Test
  void everyMetricTheDashboardChartsIsServed() throws Exception {
    String dashboard = Files.readString(Path.of("grafana", "eventide-dashboard.json"));
    Set<String> charted = new TreeSet<>();
    Matcher name = Pattern.compile("\\b((?:eventide|jvm)_[a-z_]+)").matcher(dashboard);
    while (name.find()) {
      charted.add(name.group(1).replaceAll("_(bucket|sum|count)$", ""));
    }
    // Served once there is something to measure: a configured egress, a Kafka subscription, the
    // first garbage collection.
    charted.removeAll(
        Set.of(
            "eventide_egress_pending",
            "eventide_egress_failures_total",
            "eventide_kafka_lag",
            "jvm_gc_pause_seconds"));
    assertThat(charted).hasSizeGreaterThan(8);

    try (NodeProcess node = TestNodes.start(tmp.resolve("data"))) {
      EventideClient client = new EventideClient(node.url(), null, null);
      assertThat(client.deploy(TestNodes.examplesJar(), "examples").status()).isEqualTo(201);
      assertThat(client.watermark("dash", System.currentTimeMillis()).status()).isEqualTo(202);
      assertThat(
              client.call("example/counter/x", "1".getBytes(), "application/json", null).status())
          .isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                String scrape = client.get("/metrics").text();
                assertThat(charted)
                    .allSatisfy(
                        metric ->
                            assertThat(scrape)
                                .as("a sample of %s", metric)
                                .containsPattern("(?m)^" + metric + "(_bucket|_sum|_count)?[{ ]"));
              });
    }
  }

  /** The sample of {@code metric} tagged {@code source="source"}, or NaN when there is none. */
  private static double value(String scrape, String metric, String source) {
    Matcher sample =
        Pattern.compile(
                "^" + metric + "\\{[^}]*source=\"" + source + "\"[^}]*} (\\S+)$", Pattern.MULTILINE)
            .matcher(scrape);
    return sample.find() ? Double.parseDouble(sample.group(1)) : Double.NaN;
  }
}
