package io.eventide.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.eventide.benchmarks.http.HttpPool;
import io.eventide.benchmarks.http.Request;
import io.eventide.benchmarks.http.Response;
import io.eventide.deploy.StandaloneConfig;
import io.eventide.deploy.StandaloneNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Each scenario, tiny, against a real standalone node with the examples deployed: keeps the
 * generator in step with the HTTP API (a benchmark that silently measures errors is worse than
 * none). Exit code 0 means every request succeeded and the exactly-once check held. No timings are
 * asserted.
 */
class LoadGeneratorIT {

  private static final Path EXAMPLES = Path.of("../examples/target/examples-0.1.0-SNAPSHOT.jar");

  @TempDir static Path dataDir;

  private static StandaloneNode node;

  @BeforeAll
  static void startNodeWithExamples() throws Exception {
    assumeTrue(
        Files.isRegularFile(EXAMPLES), "examples jar not built: " + EXAMPLES.toAbsolutePath());
    node = StandaloneNode.start(StandaloneConfig.defaults(dataDir).withHttpPort(0));
    try (HttpPool pool = new HttpPool(node.httpPort(), 1, 1, 4)) {
      Response deployed =
          pool.submit(
                  Request.post(
                      "/v1/deployments", "application/java-archive", Files.readAllBytes(EXAMPLES)))
              .get(60, TimeUnit.SECONDS);
      assertThat(deployed.status()).as(deployed.text()).isEqualTo(201);
    }
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void sendCountsEveryMessageOnce() {
    assertThat(
            run("send", "--messages", "600", "--keys", "20", "--connections", "8", "--idempotency"))
        .isZero();
  }

  @Test
  void ingestCountsEveryEventOnce() {
    assertThat(
            run("ingest", "--events", "3000", "--keys", "70", "--batch", "400", "--parallel", "2"))
        .isZero();
  }

  @Test
  void ingestCanCheckASampleOfTheKeys() {
    assertThat(
            run(
                "ingest",
                "--events",
                "2000",
                "--keys",
                "500",
                "--batch",
                "500",
                "--check-sample",
                "25"))
        .isZero();
  }

  @Test
  void floodRunsBothClientsAndEveryOneOfBsCallsIsAnswered() {
    // The node has no tokens: both clients' tokens are accepted as they are, and nothing is 429.
    assertThat(
            run(
                "flood",
                "--token-a",
                "a",
                "--token-b",
                "b",
                "--rate-a",
                "200",
                "--rate-b",
                "20",
                "--duration",
                "1",
                "--warmup",
                "0",
                "--keys",
                "10"))
        .isZero();
  }

  @Test
  void callGetsEveryReply() {
    assertThat(run("call", "--rate", "100", "--duration", "1", "--warmup", "0", "--keys", "10"))
        .isZero();
  }

  @Test
  void callSaturateGetsEveryReplyThroughAPathTemplate() {
    assertThat(
            run(
                "call-saturate",
                "--duration",
                "1",
                "--warmup",
                "0",
                "--keys",
                "10",
                "--connections",
                "4",
                "--path-template",
                "/v1/call/example/counter/{key}"))
        .isZero();
  }

  private static int run(String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(
        new String[] {"--port", String.valueOf(node.httpPort()), "--timeout", "60"},
        0,
        all,
        args.length,
        4);
    return new CommandLine(LoadGenerator.class).execute(all);
  }
}
