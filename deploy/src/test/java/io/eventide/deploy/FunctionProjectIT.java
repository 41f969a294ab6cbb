package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.client.HttpAnswer;
import io.eventide.deploy.process.NodeProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's journey: a function project outside the reactor (its own pom, the SDK as a provided
 * dependency) built with Maven, deployed over HTTP, called; then the node restarted on the same
 * data dir, where deployment and state must still be.
 */
class FunctionProjectIT {
  private static final String JSON = "application/json";

  @TempDir Path tmp;
  private NodeProcess node;

  @AfterEach
  void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void builtDeployedCalledAndSurvivesARestart() throws Exception {
    Path jar = buildFunctionProject(tmp.resolve("project"));
    Path data = tmp.resolve("data");
    node = TestNodes.start(data);
    EventideClient client = new EventideClient(node.url(), null, null);

    HttpAnswer deployed = client.deploy(jar, "acme");
    assertThat(deployed.status()).as(deployed.text()).isEqualTo(201);
    assertThat(Json.parse(deployed).path("functions"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("acme/tally", "acme/audit");

    assertThat(call(client, "acme/tally/t1", "5")).isEqualTo("5");
    assertThat(call(client, "acme/tally/t1", "2")).isEqualTo("7");
    assertThat(Json.longState(client, "acme/tally/t1", "total")).isEqualTo(7);
    // Function to function: each tally sends a note to acme/audit/t1, which egresses it.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(Json.egress(client, "audit"))
                    .containsExactly(
                        "#1 tally t1 total=5 from acme/tally",
                        "#2 tally t1 total=7 from acme/tally"));

    assertThat(node.stop(Duration.ofSeconds(30))).as("exit code after SIGTERM").isIn(0, 143);
    node = TestNodes.start(data);
    EventideClient restarted = new EventideClient(node.url(), null, null);

    JsonNode deployments =
        Json.parse(restarted.get("/v1/deployments").requireOk("list deployments"));
    assertThat(deployments.toString()).contains(Json.parse(deployed).path("deploymentId").asText());
    assertThat(call(restarted, "acme/tally/t1", "1")).isEqualTo("8");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(Json.egress(restarted, "audit"))
                    .hasSize(3)
                    .last()
                    .isEqualTo("#3 tally t1 total=8 from acme/tally"));
  }

  private static String call(EventideClient client, String address, String body) {
    HttpAnswer answer = client.call(address, body.getBytes(StandardCharsets.UTF_8), JSON, null);
    assertThat(answer.status()).as("call %s: %s", address, answer.text()).isEqualTo(200);
    return answer.text().strip();
  }

  /** Copies the template project and runs {@code mvn -o -q -B package} on it. */
  private static Path buildFunctionProject(Path project) throws IOException, InterruptedException {
    copyTemplate(project);
    List<String> command =
        new ArrayList<>(List.of(mavenExecutable(), "-o", "-q", "-B", "-Dstyle.color=never"));
    String repo = System.getProperty("maven.repo.local");
    if (repo != null && !repo.isBlank()) {
      command.add("-Dmaven.repo.local=" + repo);
    }
    command.add("package");
    Path log = project.resolve("build.log");
    Process mvn =
        new ProcessBuilder(command)
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean finished = mvn.waitFor(5, TimeUnit.MINUTES);
    if (!finished) {
      mvn.destroyForcibly();
    }
    assertThat(finished && mvn.exitValue() == 0)
        .as("mvn package of the function project failed:%n%s", Files.readString(log))
        .isTrue();
    Path jar = project.resolve("target/fn.jar");
    assertThat(jar).isRegularFile();
    return jar;
  }

  private static void copyTemplate(Path project) throws IOException {
    Path template = Path.of("src", "test", "resources", "function-project").toAbsolutePath();
    try (Stream<Path> files = Files.walk(template)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path target = project.resolve(template.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }

  private static String mavenExecutable() {
    String home = System.getProperty("maven.home");
    if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
      return Path.of(home, "bin", "mvn").toString();
    }
    return "mvn";
  }
}
