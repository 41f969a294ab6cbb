package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.process.NodeProcess;
import io.eventide.testing.kafka.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded {@code target/eventide.jar} as users run it: a node from the jar alone (RocksDB's
 * native library must survive shading), the client subcommands against it, and the demo.
 */
class DistributionIT {
  private static final Path JAR =
      Path.of(System.getProperty("eventide.jar", "target/eventide.jar")).toAbsolutePath();

  @TempDir Path tmp;
  private NodeProcess node;

  @AfterEach
  void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void theJarAloneRunsANodeAndItsClientSubcommands() throws Exception {
    node =
        NodeProcess.start(
            JAR.toString(),
            List.of("-Xmx512m"),
            List.of("--http-port", "0", "--data-dir", tmp.resolve("data").toString()),
            tmp.resolve("node.log"),
            TestNodes.START_TIMEOUT);
    String url = node.url().toString();
    assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+").doesNotEndWith(":0");

    Result deploy = launcher(List.of(), "deploy", "--url", url, TestNodes.examplesJar().toString());
    assertThat(deploy.exit).as(deploy.err).isZero();
    assertThat(deploy.out).contains("example/counter");
    assertThat(
            launcher(List.of("EVENTIDE_URL=" + url), "call", "example/counter/jar", "41")
                .out
                .strip())
        .isEqualTo("41");
    assertThat(launcher(List.of(), "send", "--url", url, "example/counter/jar", "1").out)
        .contains("messageId");
    Result status = launcher(List.of(), "status", "--url", url);
    assertThat(status.out).contains("\"cluster\"", "\"functions\"", "example/counter");
    // The send above was processed too: 41 + 1.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        Json.longState(
                            new EventideClient(node.url(), null, null),
                            "example/counter/jar",
                            "count"))
                    .isEqualTo(42));
    Result missing = launcher(List.of(), "state", "--url", url, "nope/nothing/x");
    assertThat(missing.exit).isEqualTo(1);
    assertThat(missing.err).contains("HTTP 404");

    assertThat(node.stop(Duration.ofSeconds(30))).as("exit code after SIGTERM").isIn(0, 143);
    assertThat(NodeProcess.tail(node.log(), 200)).doesNotContain("Exception");
  }

  @Test
  void theDemoRunsEveryStepAndStopsItsNode() throws Exception {
    Result demo;
    try (KafkaBroker broker = KafkaBroker.start()) {
      demo =
          launcher(
              List.of(
                  "EVENTIDE_EXAMPLES_JAR=" + TestNodes.examplesJar(),
                  "EVENTIDE_HEAP=512m",
                  "EVENTIDE_DEMO_KAFKA=" + broker.bootstrapServers()),
              "demo",
              "--events",
              "2000",
              "--counters",
              "20");
    }
    assertThat(demo.exit).as("demo output:%n%s%n%s", demo.out, demo.err).isZero();
    assertThat(demo.out)
        .contains(
            "Hello, Ada! (#2)",
            "egress reminders: reminder tea",
            "20 counters sum to exactly 2000",
            "egress dead-letters:",
            "example/counter/kafka-ann = 10",
            "node stopped with SIGTERM",
            "all steps passed");
  }

  /**
   * The launcher maps the class-data sharing archive the build made from {@code
   * src/main/cds/classes.lst}: with {@code -Xshare:on} a JVM that cannot map it fails to start.
   */
  @Test
  void theLauncherMapsTheClassDataArchiveTheBuildMade() throws Exception {
    Path script = Path.of("bin", "eventide").toAbsolutePath();
    Path out = tmp.resolve("version.out");
    ProcessBuilder builder =
        new ProcessBuilder(script.toString(), "--version")
            .redirectOutput(out.toFile())
            .redirectErrorStream(true);
    builder.environment().put("EVENTIDE_NO_BUILD", "1");
    builder.environment().put("EVENTIDE_JAVA_OPTS", "-Xshare:on -Xlog:class+load=info");
    Process process = builder.start();
    process.getOutputStream().close();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("eventide --version finished").isTrue();
    String printed = Files.readString(out, StandardCharsets.UTF_8);

    assertThat(process.exitValue()).as(printed).isZero();
    assertThat(printed)
        .contains("io.eventide.deploy.Launcher source: shared objects file")
        .contains("picocli.CommandLine source: shared objects file");
  }

  private record Result(int exit, String out, String err) {}

  private Result launcher(List<String> env, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                NodeProcess.javaBinary(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                JAR.toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    for (String pair : env) {
      String[] kv = pair.split("=", 2);
      builder.environment().put(kv[0], kv[1]);
    }
    Process process = builder.start();
    process.getOutputStream().close();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      throw new AssertionError(String.join(" ", args) + " did not finish within 5 minutes");
    }
    return new Result(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
