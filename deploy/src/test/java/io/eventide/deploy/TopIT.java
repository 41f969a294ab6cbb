package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.process.NodeProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eventide top} in a real terminal: tmux runs it in a detached session of a fixed size (on a
 * tmux server of this test's own), the test reads the screen with {@code capture-pane} while events
 * arrive, sees the figures appear and change in place, presses {@code q} with {@code send-keys} and
 * sees it exit 0. The node has tokens, which top presents like every client command.
 */
class TopIT {
  private static final Pattern PROCESSED =
      Pattern.compile("processed ([0-9,]+) total, ([0-9.,]+)/s");
  private static final String ADMIN = "top-admin-token";
  private static final String INGRESS = "top-ingress-token";

  @TempDir Path tmp;

  /** This test's own tmux server, whose socket goes with the temporary directory. */
  private Path socket;

  @Test
  void topShowsTheNodeRefreshingInPlaceAndQuitsOnQ() throws Exception {
    // As the browser tests skip without Chromium: `mvn -B install` on a machine with only a JDK and
    // Maven stays green, and .ci/run installs tmux so that CI runs this.
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/tmux")) || onPath("tmux"),
        "needs tmux (.ci/run installs it: apt-get install tmux)");
    String session = "eventide-top-" + ProcessHandle.current().pid();
    socket = tmp.resolve("tmux.sock");
    try (NodeProcess node =
        TestNodes.start(tmp.resolve("data"), "--admin-token", ADMIN, "--ingress-token", INGRESS)) {
      EventideClient client =
          new EventideClient(node.url(), ADMIN, INGRESS).withTimeout(Duration.ofSeconds(60));
      assertThat(client.deploy(TestNodes.examplesJar(), "examples").status()).isEqualTo(201);
      assertThat(client.ingest("clicks", events(0, 20)).status()).isEqualTo(202);
      Path exit = tmp.resolve("top.exit");
      tmux(
          session,
          "new-session",
          "-d",
          "-s",
          session,
          "-x",
          "120",
          "-y",
          "40",
          "sh",
          "-c",
          topCommand(node.url().toString()) + "; echo \"exit=$?\" > '" + exit + "'");
      try {
        String first =
            Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> capture(session), screen -> PROCESSED.matcher(screen).find());
        assertThat(first)
            .contains("eventide top - " + node.url())
            .contains("FUNCTION")
            .contains("example/counter")
            .contains("SOURCE")
            .contains("clicks")
            .contains("(q quits)");
        long before = processed(first);

        assertThat(client.ingest("clicks", events(20, 200)).status()).isEqualTo(202); // 180 more

        String moved =
            Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> capture(session), screen -> processed(screen) >= before + 180);
        assertThat(moved.lines().filter(line -> line.startsWith("eventide top - ")).count())
            .as("refreshed in place, not scrolled")
            .isEqualTo(1);

        tmux(session, "send-keys", "-t", session, "q");
        Awaitility.await()
            .atMost(Duration.ofSeconds(15))
            .untilAsserted(
                () -> assertThat(exit).exists().content().isEqualToIgnoringNewLines("exit=0"));
        Awaitility.await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> tmuxStatus(session, "has-session", "-t", session) != 0);
      } finally {
        tmuxStatus(session, "kill-session", "-t", session);
        tmuxStatus(session, "kill-server");
      }
      forScripts(node.url().toString());
    }
  }

  /** Off a terminal, {@code --output json} prints the figures, one object a refresh. */
  private static void forScripts(String url) throws Exception {
    Cli.Result json =
        Cli.run(
            "top",
            "--url",
            url,
            "--admin-token",
            ADMIN,
            "--output",
            "json",
            "--iterations",
            "2",
            "--interval",
            "100ms");
    assertThat(json.exit()).as(json.err()).isZero();
    List<String> lines = json.out().lines().toList();
    assertThat(lines).hasSize(2);
    JsonNode first = new ObjectMapper().readTree(lines.get(0));
    JsonNode second = new ObjectMapper().readTree(lines.get(1));
    assertThat(first.path("processedPerSecond").isNull()).isTrue();
    assertThat(second.path("processedPerSecond").isNumber()).isTrue();
    assertThat(second.path("processedTotal").asLong()).isGreaterThanOrEqualTo(200);
    assertThat(second.path("functions"))
        .anySatisfy(f -> assertThat(f.path("type").asText()).isEqualTo("example/counter"));
    assertThat(second.path("sources"))
        .anySatisfy(source -> assertThat(source.path("name").asText()).isEqualTo("clicks"));

    Cli.Result refused = Cli.run("top", "--url", url, "--admin-token", "not-it");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).containsPattern("eventide: HTTP 40[13]");
  }

  /** NDJSON events {@code from} (inclusive) to {@code to} for counters k0..k9. */
  private static String events(int from, int to) {
    StringBuilder out = new StringBuilder();
    for (int i = from; i < to; i++) {
      out.append("{\"target\":\"example/counter/k")
          .append(i % 10)
          .append("\",\"eventTime\":")
          .append(1_000 + i)
          .append(",\"payload\":1}\n");
    }
    return out.toString();
  }

  private static long processed(String screen) {
    Matcher m = PROCESSED.matcher(screen);
    return m.find() ? Long.parseLong(m.group(1).replace(",", "")) : -1;
  }

  private static String topCommand(String url) {
    String java = ProcessHandle.current().info().command().orElse("java");
    return String.join(
        " ",
        quote(java),
        "-Xmx256m",
        "-XX:TieredStopAtLevel=1",
        "-cp",
        quote(TestNodes.childClassPath()),
        "io.eventide.deploy.Launcher",
        "top",
        "--url",
        quote(url),
        "--admin-token",
        ADMIN);
  }

  private static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  private String capture(String session) throws Exception {
    return tmux(session, "capture-pane", "-p", "-t", session);
  }

  /** Runs tmux on this test's own server; its stdout. */
  private String tmux(String session, String... args) throws Exception {
    Process tmux = start(session, args);
    String out = new String(tmux.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(tmux.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(tmux.exitValue()).as("tmux %s", List.of(args)).isZero();
    return out;
  }

  private int tmuxStatus(String session, String... args) throws Exception {
    Process tmux = start(session, args);
    tmux.getInputStream().readAllBytes();
    if (!tmux.waitFor(10, TimeUnit.SECONDS)) {
      tmux.destroyForcibly();
      return -1;
    }
    return tmux.exitValue();
  }

  private Process start(String session, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static boolean onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return true;
      }
    }
    return false;
  }
}
