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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The windowed-counting pair against a real standalone node with the examples deployed and the
 * source's out-of-orderness set as {@code benchmarks/windowed.sh} sets it: a small seeded file is
 * ingested, the input ended, and every window must fire once with the right counts (exit code 0).
 * No timings are asserted.
 */
class WindowedIngestIT {

  private static final Path EXAMPLES = Path.of("../examples/target/examples-0.1.0-SNAPSHOT.jar");

  @TempDir static Path dir;

  private static StandaloneNode node;

  @BeforeAll
  static void startNodeWithExamples() throws Exception {
    assumeTrue(
        Files.isRegularFile(EXAMPLES), "examples jar not built: " + EXAMPLES.toAbsolutePath());
    StandaloneConfig defaults = StandaloneConfig.defaults(dir.resolve("data")).withHttpPort(0);
    node =
        StandaloneNode.start(
            new StandaloneConfig(
                defaults.host(),
                0,
                defaults.dataDir(),
                null,
                null,
                defaults.keyGroups(),
                List.of("windowed:out-of-orderness=50ms"),
                defaults.callTimeout(),
                defaults.store(),
                null,
                defaults.handlers(),
                defaults.retention(),
                defaults.httpConnections(),
                List.of(),
                defaults.httpAccess(),
                defaults.deploymentVersionsKept()));
    try (HttpPool pool = new HttpPool(node.httpPort(), 1, 1, 4)) {
      Response deployed =
          pool.submit(
                  Request.post(
                      "/v1/deployments", "application/java-archive", Files.readAllBytes(EXAMPLES)))
              .get(60, TimeUnit.SECONDS);
      assertThat(deployed.status()).as(deployed.text()).isEqualTo(201);
      assertThat(deployed.text()).contains("bench/window-count");
    }
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void everyWindowFiresOnceAndTheCountsAddUpToTheEvents() {
    Path file = dir.resolve("events.ndjson");
    assertThat(
            new CommandLine(LoadGenerator.class)
                .execute(
                    "windowed-file",
                    "--out",
                    file.toString(),
                    "--events",
                    "3000",
                    "--keys",
                    "40",
                    "--rate",
                    "1000",
                    "--disorder-ms",
                    "50"))
        .isZero();
    long expected = expectedFirings(3000, 40, 1000, 50);

    assertThat(
            new CommandLine(LoadGenerator.class)
                .execute(
                    "windowed-ingest",
                    "--port",
                    String.valueOf(node.httpPort()),
                    "--file",
                    file.toString(),
                    "--batch",
                    "700",
                    "--timeout",
                    "60",
                    "--expected-firings",
                    String.valueOf(expected)))
        .isZero();
  }

  private static long expectedFirings(long events, int keys, long rate, long disorder) {
    try {
      return new WindowedEvents(events, keys, rate, disorder, 42, WindowedEvents.DEFAULT_START)
          .expectedFirings(1000);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
