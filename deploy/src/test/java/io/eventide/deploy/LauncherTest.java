package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.gateway.GatewayConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line's parsing and failure paths; nothing here starts a node. */
class LauncherTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = Launcher.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void theStateServiceRoleRefusesABadPort() {
    assertThat(run("state-service", "--grpc-port", "70000")).isEqualTo(2);
    assertThat(err.toString()).contains("--grpc-port 70000 must be 0..65535");
  }

  @Test
  void aLogFormatIsTextOrJson() {
    for (String role : List.of("standalone", "state-service", "gateway")) {
      assertThat(run(role, "--log-format", "xml")).as(role).isEqualTo(2);
      assertThat(err.toString()).contains("--log-format must be text or json, was 'xml'");
    }
  }

  @Test
  void clusterRolesNeedASharedStoreAndAReachableAddress() {
    for (String role : List.of("gateway", "dispatcher", "worker")) {
      assertThat(run(role)).as(role).isEqualTo(2);
      assertThat(err.toString()).contains("--store is required: remote:HOST:PORT");
      assertThat(run(role, "--store", "rocksdb")).as(role).isEqualTo(2);
      assertThat(err.toString()).contains("--store must be one the roles share");
      assertThat(run(role, "--store", "remote:127.0.0.1:7073", "--lease-ttl", "100ms"))
          .as(role)
          .isEqualTo(2);
      assertThat(err.toString()).contains("--lease-ttl must be at least 300ms");
      assertThat(run(role, "--store", "remote:127.0.0.1:7073", "--attempts", "0"))
          .as(role)
          .isEqualTo(2);
      assertThat(err.toString()).contains("attempts must be at least 1");
    }
    for (String role : List.of("dispatcher", "worker")) {
      assertThat(run(role, "--store", "remote:127.0.0.1:7073", "--host", "0.0.0.0"))
          .as(role)
          .isEqualTo(2);
      assertThat(err.toString()).contains("give --advertise HOST:PORT");
      assertThat(run(role, "--store", "remote:127.0.0.1:7073", "--grpc-port", "-1"))
          .as(role)
          .isEqualTo(2);
      assertThat(err.toString()).contains("--grpc-port -1 must be 0..65535");
    }
  }

  @Test
  void standaloneOptionsBecomeTheNodeConfig() {
    CommandLine commandLine = Launcher.commandLine();
    CommandLine.ParseResult parsed =
        commandLine.parseArgs(
            "standalone",
            "--http-port",
            "0",
            "--data-dir",
            "d",
            "--source",
            "clicks:out-of-orderness=2s,idle=30s",
            "--source",
            "orders:idle=1m",
            "--key-groups",
            "64",
            "--call-timeout",
            "250ms",
            "--admin-token",
            "a",
            "--ingress-token",
            "i");
    StandaloneCommand command = parsed.subcommand().commandSpec().commandLine().getCommand();
    StandaloneConfig config = command.config();
    assertThat(config.httpPort()).isZero();
    assertThat(config.dataDir()).isEqualTo(Path.of("d").toAbsolutePath());
    assertThat(config.sources())
        .containsExactly("clicks:out-of-orderness=2s,idle=30s", "orders:idle=1m");
    assertThat(config.keyGroups()).isEqualTo(64);
    assertThat(config.callTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(List.of(config.adminToken(), config.ingressToken(), config.host()))
        .containsExactly("a", "i", "127.0.0.1");
  }

  @Test
  void theStoreOptionChoosesTheBackend() {
    assertThat(StoreSpec.parse(null, null)).isEqualTo(StoreSpec.ROCKSDB);
    assertThat(StoreSpec.parse("remote:10.0.0.5:7073", null))
        .isEqualTo(new StoreSpec("remote", "10.0.0.5", 7073, null));
    assertThat(StoreSpec.parse("fdb", Path.of("/etc/fdb.cluster")).clusterFile())
        .isEqualTo(Path.of("/etc/fdb.cluster"));
    assertThat(StoreSpec.parse("fdb:/etc/fdb.cluster", null).clusterFile())
        .isEqualTo(Path.of("/etc/fdb.cluster"));

    assertThat(run("standalone", "--store", "remote:nowhere")).isEqualTo(2);
    assertThat(err.toString()).contains("--store remote needs HOST:PORT");
    assertThat(run("standalone", "--store", "fdb")).isEqualTo(2);
    assertThat(err.toString()).contains("--store fdb needs --fdb-cluster-file");
    assertThat(run("standalone", "--cluster")).isEqualTo(2);
    assertThat(err.toString()).contains("--cluster needs a store the nodes share");
    assertThat(run("standalone", "--store", "cassandra")).isEqualTo(2);
    assertThat(err.toString())
        .contains("--store must be rocksdb, remote:HOST:PORT, fdb:CLUSTER_FILE or fdb");
  }

  @Test
  void standaloneDefaultsMatchTheDocumentation() {
    CommandLine.ParseResult parsed = Launcher.commandLine().parseArgs("standalone");
    StandaloneCommand command = parsed.subcommand().commandSpec().commandLine().getCommand();
    StandaloneConfig config = command.config();
    // The environment of the build may set EVENTIDE_*; only check what it does not override.
    if (System.getenv("EVENTIDE_HTTP_PORT") == null) {
      assertThat(config.httpPort()).isEqualTo(7070);
    }
    if (System.getenv("EVENTIDE_DATA_DIR") == null) {
      assertThat(config.dataDir())
          .isEqualTo(Path.of(System.getProperty("user.home"), ".eventide", "data"));
    }
    if (System.getenv("EVENTIDE_CALL_TIMEOUT") == null) {
      assertThat(config.callTimeout()).isEqualTo(Duration.ofSeconds(30));
    }
    if (System.getenv("EVENTIDE_IDEMPOTENCY_RETENTION") == null) {
      assertThat(config.retention().idempotency()).isEqualTo(Duration.ofHours(24));
    }
    if (System.getenv("EVENTIDE_EGRESS_RETENTION") == null) {
      assertThat(config.retention().egress()).isEqualTo(Duration.ofDays(7));
    }
    if (System.getenv("EVENTIDE_AUDIT_RETENTION") == null) {
      assertThat(config.retention().audit()).isEqualTo(Duration.ofDays(30));
    }
    if (System.getenv("EVENTIDE_AUDIT_RETENTION_ENTRIES") == null) {
      assertThat(config.retention().auditEntries()).isEqualTo(100_000);
    }
    if (System.getenv("EVENTIDE_HANDLER_TIMEOUT") == null) {
      assertThat(config.handlers().timeout()).isEqualTo(Duration.ofSeconds(30));
    }
    if (System.getenv("EVENTIDE_MAX_BLOCKED_HANDLERS") == null) {
      assertThat(config.handlers().maxBlocked()).isEqualTo(256);
    }
    if (System.getenv().keySet().stream().noneMatch(name -> name.startsWith("EVENTIDE_HTTP_"))) {
      assertThat(config.httpConnections()).isEqualTo(GatewayConfig.Connections.DEFAULTS);
    }
    if (System.getenv("EVENTIDE_TOKENS") == null && System.getenv("EVENTIDE_RATE_LIMIT") == null) {
      assertThat(config.httpAccess()).isEqualTo(GatewayConfig.Access.NONE);
    }
  }

  @Test
  void tokensFileAndRateLimitBecomeTheGatewaysAccess() {
    CommandLine.ParseResult parsed =
        Launcher.commandLine()
            .parseArgs(
                "standalone", "--data-dir", "d", "--tokens", "t.json", "--rate-limit", "500/100ms");
    StandaloneCommand command = parsed.subcommand().commandSpec().commandLine().getCommand();

    assertThat(command.config().httpAccess())
        .isEqualTo(
            new GatewayConfig.Access(
                Path.of("t.json").toAbsolutePath(),
                new GatewayConfig.RateLimit(500, Duration.ofMillis(100))));
    CommandLine.ParseResult off =
        Launcher.commandLine().parseArgs("standalone", "--data-dir", "d", "--rate-limit", "off");
    StandaloneCommand unlimited = off.subcommand().commandSpec().commandLine().getCommand();
    assertThat(unlimited.config().httpAccess().rateLimit()).isNull();
  }

  @Test
  void badRateLimitsAreUsageErrors() {
    assertThat(run("standalone", "--data-dir", "unused", "--rate-limit", "0/s")).isEqualTo(2);
    assertThat(err.toString()).contains("--rate-limit: a rate limit allows at least 1 request");
    assertThat(run("gateway", "--store", "remote:127.0.0.1:7073", "--rate-limit", "fast"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--rate-limit: rate limit 'fast' must be N/s");
  }

  @Test
  void handlerOptionsAreTakenAtTheirLimits() {
    CommandLine.ParseResult parsed =
        Launcher.commandLine()
            .parseArgs("standalone", "--handler-timeout", "1h", "--max-blocked-handlers", "10000");
    StandaloneCommand command = parsed.subcommand().commandSpec().commandLine().getCommand();
    assertThat(command.config().handlers())
        .isEqualTo(new WorkerOptions.Handlers(Duration.ofHours(1), 10_000));
    parsed =
        Launcher.commandLine()
            .parseArgs("standalone", "--handler-timeout", "1ms", "--max-blocked-handlers", "0");
    command = parsed.subcommand().commandSpec().commandLine().getCommand();
    assertThat(command.config().handlers())
        .isEqualTo(new WorkerOptions.Handlers(Duration.ofMillis(1), 0));
  }

  @Test
  void handlerOptionsJustPastTheirLimitsAreUsageErrors() {
    for (String role : List.of("standalone", "worker")) {
      String[] store = {"--store", "remote:127.0.0.1:7073"};
      assertThat(run(role, store[0], store[1], "--handler-timeout", "3600001ms"))
          .as(role)
          .isEqualTo(2);
      assertThat(err.toString())
          .contains("--handler-timeout PT1H0.001S must be positive and at most PT1H");
      assertThat(run(role, store[0], store[1], "--handler-timeout", "0s")).as(role).isEqualTo(2);
      assertThat(err.toString()).contains("--handler-timeout PT0S must be positive");
      assertThat(run(role, store[0], store[1], "--max-blocked-handlers", "10001"))
          .as(role)
          .isEqualTo(2);
      assertThat(err.toString()).contains("--max-blocked-handlers 10001 must be 0..10000");
      assertThat(run(role, store[0], store[1], "--max-blocked-handlers", "-1"))
          .as(role)
          .isEqualTo(2);
      assertThat(err.toString()).contains("--max-blocked-handlers -1 must be 0..10000");
    }
  }

  @Test
  void retentionsAreTakenAtTheirLimits() {
    CommandLine.ParseResult parsed =
        Launcher.commandLine()
            .parseArgs(
                "standalone",
                "--idempotency-retention",
                "1s",
                "--egress-retention",
                "3650d",
                "--audit-retention",
                "1s",
                "--audit-retention-entries",
                "1");
    StandaloneCommand command = parsed.subcommand().commandSpec().commandLine().getCommand();
    assertThat(command.config().retention())
        .isEqualTo(
            new Retention(Duration.ofSeconds(1), Duration.ofDays(3650), Duration.ofSeconds(1), 1));
    parsed =
        Launcher.commandLine()
            .parseArgs(
                "standalone",
                "--idempotency-retention",
                "3650d",
                "--egress-retention",
                "1s",
                "--audit-retention",
                "3650d",
                "--audit-retention-entries",
                "1000000000");
    command = parsed.subcommand().commandSpec().commandLine().getCommand();
    assertThat(command.config().retention())
        .isEqualTo(
            new Retention(
                Duration.ofDays(3650),
                Duration.ofSeconds(1),
                Duration.ofDays(3650),
                1_000_000_000));
  }

  @Test
  void deploymentVersionsKeptIsTakenAtItsLimitsAndRefusedJustPast() {
    for (String kept : List.of("1", "1000")) {
      CommandLine.ParseResult parsed =
          Launcher.commandLine().parseArgs("standalone", "--deployment-versions-kept", kept);
      StandaloneCommand command = parsed.subcommand().commandSpec().commandLine().getCommand();
      assertThat(command.config().deploymentVersionsKept()).isEqualTo(Integer.parseInt(kept));
    }
    assertThat(
            Launcher.commandLine()
                .parseArgs("standalone")
                .subcommand()
                .commandSpec()
                .commandLine()
                .<StandaloneCommand>getCommand()
                .config()
                .deploymentVersionsKept())
        .isEqualTo(10);
    for (String role : List.of("standalone", "gateway")) {
      for (String kept : List.of("0", "1001")) {
        assertThat(
                run(role, "--store", "remote:127.0.0.1:7073", "--deployment-versions-kept", kept))
            .as(role + kept)
            .isEqualTo(2);
        assertThat(err.toString())
            .contains("--deployment-versions-kept " + kept + " must be 1..1000");
      }
    }
  }

  @Test
  void retentionsJustPastTheirLimitsAreUsageErrors() {
    for (String role : List.of("standalone", "dispatcher")) {
      for (String entries : List.of("0", "1000000001")) {
        assertThat(
                run(role, "--store", "remote:127.0.0.1:7073", "--audit-retention-entries", entries))
            .as(role + entries)
            .isEqualTo(2);
        assertThat(err.toString())
            .contains("--audit-retention-entries " + entries + " must be between 1 and 1000000000");
      }
      for (String option :
          List.of("--idempotency-retention", "--egress-retention", "--audit-retention")) {
        assertThat(run(role, "--store", "remote:127.0.0.1:7073", option, "999ms"))
            .as(role + option)
            .isEqualTo(2);
        assertThat(err.toString()).contains(option + " 999ms must be between 1s and 3650d");
        assertThat(run(role, "--store", "remote:127.0.0.1:7073", option, "3651d"))
            .as(role + option)
            .isEqualTo(2);
        assertThat(err.toString()).contains(option + " 3651d must be between 1s and 3650d");
        assertThat(run(role, "--store", "remote:127.0.0.1:7073", option, "1w"))
            .as(role + option)
            .isEqualTo(2);
        assertThat(err.toString()).contains("'1w'");
      }
    }
  }

  @Test
  void httpConnectionOptionsBecomeTheGatewaysBounds() {
    CommandLine.ParseResult parsed =
        Launcher.commandLine()
            .parseArgs(
                "standalone",
                "--data-dir",
                "d",
                "--http-idle-timeout",
                "5s",
                "--http-read-timeout",
                "250ms",
                "--http-max-connections",
                "7");
    StandaloneCommand command = parsed.subcommand().commandSpec().commandLine().getCommand();

    assertThat(command.config().httpConnections())
        .isEqualTo(new GatewayConfig.Connections(Duration.ofSeconds(5), Duration.ofMillis(250), 7));
  }

  @Test
  void badHttpConnectionOptionsAreUsageErrors() {
    assertThat(run("standalone", "--data-dir", "unused", "--http-max-connections", "0"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("maxConnections must be at least 1");
    assertThat(run("standalone", "--data-dir", "unused", "--http-read-timeout", "0ms"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("readTimeout must be between 1ms");
    assertThat(run("gateway", "--store", "remote:127.0.0.1:7073", "--http-idle-timeout", "0s"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("idleTimeout must be between 1ms");
  }

  @Test
  void badStandaloneOptionsAreUsageErrors() {
    assertThat(run("standalone", "--call-timeout", "5x")).isEqualTo(2);
    assertThat(err.toString()).contains("'5x'");
    assertThat(run("standalone", "--key-groups", "0", "--data-dir", "unused")).isEqualTo(2);
    assertThat(err.toString()).contains("--key-groups 0 must be 1..65536");
    assertThat(run("standalone", "--source", "clicks:lag=1s", "--data-dir", "unused")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown source setting 'lag'");
  }

  @Test
  void clientCommandsReportAnUnreachableNodeAndExitOne() {
    assertThat(run("status", "--url", "http://127.0.0.1:1")).isEqualTo(1);
    assertThat(err.toString()).startsWith("eventide: GET http://127.0.0.1:1/v1/cluster");
  }

  @Test
  void noSubcommandPrintsUsage() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).contains("Usage: eventide", "standalone", "demo", "deploy");
  }
}
