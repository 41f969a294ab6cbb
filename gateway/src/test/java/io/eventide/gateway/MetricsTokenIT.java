package io.eventide.gateway;

import static io.eventide.gateway.TokenFiles.entry;
import static io.eventide.gateway.TokenFiles.tokens;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} is open until a metrics token is set; then it answers that token and admin
 * tokens only, and the metrics token opens nothing else.
 */
class MetricsTokenIT extends GatewayTestBase {
  @TempDir Path dir;

  private int status(String path, String token) {
    HttpRequest.Builder request = request(path).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response = send(request);
    return response.statusCode();
  }

  @Test
  void withoutAMetricsTokenMetricsAreOpen() {
    start(GatewayConfig.of("127.0.0.1", 0).withTokens("admin-secret", null));

    assertThat(status("/metrics", null)).isEqualTo(200);
  }

  @Test
  void aMetricsTokenGuardsMetricsAndOpensNothingElse() {
    Path file =
        TokenFiles.write(
            dir.resolve("tokens.json"),
            tokens(
                entry("ops", "ops-secret", "admin", ""),
                entry("feed", "feed-secret", "ingress", ""),
                entry("reader", "read-secret", "read", "")));
    start(
        GatewayConfig.of("127.0.0.1", 0)
            .withAccess(new GatewayConfig.Access(file, null, "scrape-secret")));

    assertThat(status("/metrics", null)).isEqualTo(401);
    assertThat(status("/metrics", "wrong")).isEqualTo(401);
    assertThat(status("/metrics", "scrape-secret")).isEqualTo(200);
    assertThat(status("/metrics", "ops-secret")).isEqualTo(200);
    assertThat(status("/metrics", "feed-secret")).isEqualTo(403);
    assertThat(status("/metrics", "read-secret")).isEqualTo(403);
    assertThat(status("/v1/functions", "scrape-secret")).isEqualTo(401);
    assertThat(status("/v1/deployments", "scrape-secret")).isEqualTo(401);
    assertThat(status("/health", null)).isEqualTo(200);
  }
}
