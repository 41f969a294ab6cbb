package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventide.deploy.client.EventideClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/local-cluster.sh up|status|down} as a user runs it: a state-service, two
 * dispatchers, a worker and two gateways, each a process; a deployment through one gateway serves
 * calls through the other.
 */
class LocalClusterIT {
  private static final Path SCRIPT =
      Path.of("..", "deploy", "local-cluster.sh").toAbsolutePath().normalize();

  @TempDir Path dir;
  private Map<String, String> env;

  @AfterEach
  void down() throws Exception {
    if (env != null) {
      run("down"); // idempotent: stops whatever is still up
    }
  }

  @Test
  void upServesThroughEveryNodeStatusShowsItAndDownStopsEveryProcess() throws Exception {
    int[] ports = freePorts(3);
    env = environment(ports);
    assertThat(run("up", "2", "1", "2").exitCode()).isZero();

    statusShows(
        "state-service: running",
        "dispatcher-1: running",
        "dispatcher-2: running",
        "worker-1: running",
        "gateway-1: running",
        "gateway-2: running",
        "\"mode\" : \"cluster\"",
        "\"role\" : \"worker\"");

    EventideClient first = client(ports[1]);
    EventideClient second = client(ports[1] + 1);
    assertThat(first.deploy(TestNodes.examplesJar(), "examples").status()).isEqualTo(201);
    // A call in flight while its key group changes hands (the dispatchers are balancing just
    // after start) may go unanswered: retried with its idempotency key it gets the one reply.
    await()
        .atMost(Duration.ofSeconds(90))
        .ignoreExceptions()
        .until(
            () ->
                second
                        .post(
                            "/v1/call/example/counter/x?timeout=3s",
                            "2".getBytes(StandardCharsets.UTF_8),
                            "application/json",
                            null,
                            "local-1")
                        .status()
                    == 200);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Json.longState(first, "example/counter/x", "count") == 2);

    List<Long> pids = new ArrayList<>();
    try (var files = Files.list(dir.resolve("cluster"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
        pids.add(Long.parseLong(Files.readString(file).trim()));
      }
    }
    assertThat(pids).hasSize(6);
    assertThat(run("down").exitCode()).isZero();
    assertThat(pids)
        .allSatisfy(pid -> assertThat(running(pid)).as("process %d after down", pid).isFalse());
    assertThat(run("status").exitCode()).isEqualTo(3);
  }

  @Test
  void upWithTlsRunsEveryHopOnMutualTlsAndTheGatewayOnHttps() throws Exception {
    int[] ports = freePorts(3);
    env = environment(ports);
    Result up = run("up", "--tls", "1", "1", "1");
    assertThat(up.exitCode()).as(up.out()).isZero();
    assertThat(up.out()).contains("https://127.0.0.1:" + ports[1]);
    Path certs = dir.resolve("cluster").resolve("certs");
    // status reads the cluster view over HTTPS with the cluster's CA.
    statusShows("gateway-1: running", "\"mode\" : \"cluster\"");

    EventideClient gateway =
        new EventideClient(
                URI.create("https://127.0.0.1:" + ports[1]),
                null,
                null,
                io.eventide.tls.TrustedCa.context(certs.resolve("ca.pem")))
            .withTimeout(Duration.ofSeconds(10));
    assertThat(gateway.deploy(TestNodes.examplesJar(), "examples").status()).isEqualTo(201);
    await()
        .atMost(Duration.ofSeconds(90))
        .ignoreExceptions()
        .until(
            () ->
                gateway
                        .post(
                            "/v1/call/example/counter/tls?timeout=3s",
                            "3".getBytes(StandardCharsets.UTF_8),
                            "application/json",
                            null,
                            "tls-1")
                        .status()
                    == 200);
    assertThat(Json.longState(gateway, "example/counter/tls", "count")).isEqualTo(3);
    assertThat(run("down").exitCode()).isZero();
  }

  private Map<String, String> environment(int[] ports) {
    return Map.of(
        "LOCAL_CLUSTER_DIR",
        dir.resolve("cluster").toString(),
        "LOCAL_CLUSTER_STATE_PORT",
        String.valueOf(ports[0]),
        "LOCAL_CLUSTER_BASE_PORT",
        String.valueOf(ports[1]),
        "LOCAL_CLUSTER_LEASE_TTL",
        "2s",
        "EVENTIDE_NO_BUILD",
        "1",
        "EVENTIDE_HEAP",
        "384m",
        // C1 only, as the tests' other clusters run: six JVMs start at once on two cores, and C2
        // compiling behind them slowed a whole up/status/call/down cycle by about 7%.
        "EVENTIDE_JAVA_OPTS",
        "-XX:TieredStopAtLevel=1");
  }

  private record Result(int exitCode, String out) {}

  /**
   * {@code status} exits 0 and shows every one of {@code parts}, within a few seconds of {@code up}
   * (the members register as they start); a failure names what is missing first, then the output.
   */
  private void statusShows(String... parts) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Result status = run("status");
              List<String> missing =
                  java.util.Arrays.stream(parts).filter(p -> !status.out().contains(p)).toList();
              assertThat(missing)
                  .as(
                      "status (exit %d) lacks %s; it printed:%n%s",
                      status.exitCode(), missing, status.out())
                  .isEmpty();
              assertThat(status.exitCode()).as(status.out()).isZero();
            });
  }

  private Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "local-cluster", ".out");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("local-cluster.sh " + String.join(" ", args) + " did not finish");
    }
    return new Result(process.exitValue(), Files.readString(out));
  }

  /**
   * Whether {@code pid} still runs. An exited process that is not reaped yet (a zombie) has
   * stopped: the roles' parent is the init process once {@code up} has returned, and some inits
   * reap only every couple of seconds ({@link ProcessHandle#isAlive} counts a zombie as alive).
   */
  private static boolean running(long pid) {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    if (!Files.isReadable(stat)) {
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
    String line;
    try {
      line = Files.readString(stat);
    } catch (IOException e) {
      return false; // gone between the two reads
    }
    // The state follows the command name, which may hold spaces and ')'.
    return line.charAt(line.lastIndexOf(')') + 2) != 'Z';
  }

  private static EventideClient client(int port) {
    return new EventideClient(URI.create("http://127.0.0.1:" + port), null, null)
        .withTimeout(Duration.ofSeconds(10));
  }

  /**
   * {@code count} ports free now, the last two consecutive (the script numbers gateways up from a
   * base).
   */
  private static int[] freePorts(int count) throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int state;
      int base;
      try (ServerSocket a = new ServerSocket(0);
          ServerSocket b = new ServerSocket(0)) {
        state = a.getLocalPort();
        base = b.getLocalPort();
      }
      if (base + 1 < 65536 && free(base + 1) && base + 1 != state) {
        return new int[] {state, base, base + 1};
      }
    }
    throw new IOException("no " + count + " free ports found");
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      return socket.isBound();
    } catch (IOException e) {
      return false;
    }
  }
}
