package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.client.HttpAnswer;
import io.eventide.deploy.process.NodeProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens reach the node from a flag, its environment twin and a tokens file, and guard their APIs;
 * the rate limit reaches it from its flag.
 */
class TokensIT {
  @TempDir Path tmp;
  private NodeProcess node;

  @AfterEach
  void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void adminTokenFromTheEnvironmentAndIngressTokenFromAFlag() {
    node =
        TestNodes.start(
            Map.of("EVENTIDE_ADMIN_TOKEN", "adm-secret"),
            tmp.resolve("data"),
            "--ingress-token",
            "ing-secret");
    EventideClient anonymous = new EventideClient(node.url(), null, null);
    EventideClient authorised = new EventideClient(node.url(), "adm-secret", "ing-secret");
    byte[] one = "1".getBytes(StandardCharsets.UTF_8);

    assertThat(anonymous.deploy(TestNodes.examplesJar(), null).status()).isEqualTo(401);
    assertThat(
            new EventideClient(node.url(), "wrong", null)
                .deploy(TestNodes.examplesJar(), null)
                .status())
        .isEqualTo(401);
    assertThat(authorised.deploy(TestNodes.examplesJar(), null).status()).isEqualTo(201);

    assertThat(anonymous.call("example/counter/t", one, "application/json", null).status())
        .isEqualTo(401);
    assertThat(authorised.call("example/counter/t", one, "application/json", null).text().strip())
        .isEqualTo("1");
    assertThat(anonymous.state("example/counter/t").status()).isEqualTo(401);
    assertThat(Json.longState(authorised, "example/counter/t", "count")).isEqualTo(1);
  }

  @Test
  void scopedTokensFromAFileAndTheRateLimitReachTheNode() throws IOException {
    Path tokens =
        Files.writeString(
            tmp.resolve("tokens.json"),
            ("{'tokens': ["
                    + "{'name':'ops','token':'ops-secret','role':'admin','rateLimit':'off'},"
                    + "{'name':'feeder','token':'feed-secret','role':'ingress',"
                    + "'namespaces':['example']},"
                    + "{'name':'other','token':'other-secret','role':'ingress','namespaces':['shop']},"
                    + "{'name':'viewer','token':'view-secret','role':'read',"
                    + "'types':['example/counter']}]}")
                .replace('\'', '"'));
    node =
        TestNodes.start(
            Map.of("EVENTIDE_RATE_LIMIT", "3/10m"),
            tmp.resolve("data"),
            "--tokens",
            tokens.toString());
    EventideClient ops = new EventideClient(node.url(), "ops-secret", "ops-secret");
    EventideClient feeder = new EventideClient(node.url(), "feed-secret", "feed-secret");
    EventideClient other = new EventideClient(node.url(), null, "other-secret");
    EventideClient viewer = new EventideClient(node.url(), "view-secret", null);
    byte[] one = "1".getBytes(StandardCharsets.UTF_8);

    assertThat(new EventideClient(node.url(), "nope", "nope").state("example/counter/t").status())
        .isEqualTo(401);
    assertThat(feeder.deploy(TestNodes.examplesJar(), null).status()).isEqualTo(403);
    assertThat(ops.deploy(TestNodes.examplesJar(), null).status()).isEqualTo(201);
    assertThat(feeder.call("example/counter/t", one, "application/json", null).status())
        .isEqualTo(200);
    assertThat(other.call("example/counter/t", one, "application/json", null).status())
        .isEqualTo(403);
    assertThat(feeder.state("example/counter/t").status()).isEqualTo(403);
    assertThat(Json.longState(viewer, "example/counter/t", "count")).isEqualTo(1);

    // feeder has made one request of its three; the admin token is exempt.
    assertThat(feeder.call("example/counter/t", one, "application/json", null).status())
        .isEqualTo(200);
    assertThat(feeder.call("example/counter/t", one, "application/json", null).status())
        .isEqualTo(200);
    HttpAnswer past = feeder.call("example/counter/t", one, "application/json", null);
    assertThat(past.status()).isEqualTo(429);
    assertThat(Long.parseLong(past.retryAfter())).isBetween(1L, 600L);
    for (int i = 0; i < 5; i++) {
      assertThat(ops.state("example/counter/t").status()).isEqualTo(200);
    }
  }
}
