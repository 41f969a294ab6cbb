package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.client.HttpAnswer;
import io.eventide.deploy.process.NodeProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eventide patterns} against a node process, and the rule both ways round: a jar serving an
 * attached pattern's input type is refused at deploy time, and a pattern over a deployed type too.
 */
class PatternsCommandIT {
  private static final String PATTERN =
      """
      {"input": "ver/echo",
       "pattern": {"steps": [{"name": "a", "where": {"field": "x", "op": "==", "value": 1}}],
                   "within": "PT1M"},
       "output": {"egress": "alerts"}}
      """;

  @TempDir Path tmp;
  private NodeProcess node;

  @AfterEach
  void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void attachesShowsAndDetachesAPatternAndADeployOfItsInputTypeIsRefusedMeanwhile()
      throws Exception {
    node = TestNodes.start(tmp.resolve("data"));
    EventideClient client =
        new EventideClient(node.url(), null, null).withTimeout(Duration.ofSeconds(60));
    Path file = Files.writeString(tmp.resolve("echo.json"), PATTERN);

    Cli.Result put = patterns("put", "echoes", "@" + file);
    assertThat(put.exitCode()).as(put.err()).isZero();
    assertThat(put.out()).contains("version", "ver/echo");
    assertThat(patterns().out()).contains("echoes");
    assertThat(patterns("show", "echoes").out()).contains("ver/echo", "alerts");

    HttpAnswer refused = deployEcho(client);
    assertThat(refused.status()).as(refused.text()).isEqualTo(409);
    assertThat(refused.text()).contains("CONFLICT", "input of pattern echoes");
    Cli.Result wrong = patterns("put", "echoes");
    assertThat(wrong.exitCode()).isNotZero();
    assertThat(wrong.err()).contains("usage: eventide patterns");

    Cli.Result deleted = patterns("delete", "echoes");
    assertThat(deleted.exitCode()).as(deleted.err()).isZero();
    assertThat(patterns("show", "echoes").exitCode()).as("gone").isEqualTo(1);
    HttpAnswer deployed = deployEcho(client);
    assertThat(deployed.status()).as(deployed.text()).isEqualTo(201);

    Cli.Result overDeployed = patterns("put", "echoes", PATTERN);
    assertThat(overDeployed.exitCode()).isEqualTo(1);
    assertThat(overDeployed.err()).contains("HTTP 409", "served by a deployment");
  }

  private Cli.Result patterns(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "patterns";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--url";
    all[args.length + 2] = node.url().toString();
    return Cli.run(all);
  }

  private HttpAnswer deployEcho(EventideClient client) {
    return client.post(
        "/v1/deployments?name=ver",
        ReplayVersions.echo(tmp, "hi"),
        "application/java-archive",
        null,
        null);
  }
}
