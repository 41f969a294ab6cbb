package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.process.NodeProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens reach the node from a flag and from its environment twin, and guard their APIs. */
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

    assertThat(anonymous.deploy(TestNodes.examplesJar(), null).status()).isIn(401, 403);
    assertThat(
            new EventideClient(node.url(), "wrong", null)
                .deploy(TestNodes.examplesJar(), null)
                .status())
        .isIn(401, 403);
    assertThat(authorised.deploy(TestNodes.examplesJar(), null).status()).isEqualTo(201);

    assertThat(anonymous.call("example/counter/t", one, "application/json", null).status())
        .isIn(401, 403);
    assertThat(authorised.call("example/counter/t", one, "application/json", null).text().strip())
        .isEqualTo("1");
    assertThat(anonymous.state("example/counter/t").status()).isIn(401, 403);
    assertThat(Json.longState(authorised, "example/counter/t", "count")).isEqualTo(1);
  }
}
