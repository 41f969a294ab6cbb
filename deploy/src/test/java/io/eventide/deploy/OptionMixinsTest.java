package io.eventide.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The option mixins: each option is declared once, whichever commands take it, and each check takes
 * its limits and refuses one step past them. Nothing here starts a process: commands are only
 * parsed, and their mixins asked.
 */
class OptionMixinsTest {
  /** Options that look alike but are not the same option; each says why. */
  private static final Set<String> NOT_SHARED =
      Set.of(
          // The demo's node lives in a temporary directory it removes; EVENTIDE_DATA_DIR must not
          // point it elsewhere.
          "demo --data-dir",
          // restore's is the empty directory it writes a node's data into, and says so.
          "restore --data-dir",
          // restore's is the backup it reads; dead-letters' is where a page starts.
          "restore --from",
          // ingest names the source it sends to (API.md); standalone's sets a watermark strategy.
          "ingest --source");

  @Test
  void everyOptionIsOneDeclarationWhereverItIsTaken() {
    Map<String, OptionSpec> first = new HashMap<>();
    Map<String, String> firstCommand = new HashMap<>();
    List<String> drifting = new ArrayList<>();
    Launcher.commandLine()
        .getSubcommands()
        .forEach(
            (command, line) -> {
              for (OptionSpec option : line.getCommandSpec().options()) {
                String name = option.longestName();
                if (option.usageHelp()
                    || option.versionHelp()
                    || NOT_SHARED.contains(command + " " + name)) {
                  continue;
                }
                OptionSpec seen = first.putIfAbsent(name, option);
                firstCommand.putIfAbsent(name, command);
                if (seen != null && !sameDeclaration(seen, option)) {
                  drifting.add(name + " in " + firstCommand.get(name) + " and " + command);
                }
              }
            });
    assertThat(drifting).isEmpty();
  }

  private static boolean sameDeclaration(OptionSpec a, OptionSpec b) {
    return Arrays.equals(a.description(), b.description())
        && Arrays.equals(a.names(), b.names())
        && String.valueOf(a.defaultValue()).equals(String.valueOf(b.defaultValue()))
        && a.type() == b.type();
  }

  @Test
  void grpcPortsDefaultPerRoleAndAreTakenAtTheirLimits() {
    if (System.getenv("EVENTIDE_GRPC_PORT") == null) {
      assertThat(grpcPort("state-service", GrpcPortOption.STATE_SERVICE)).isEqualTo(7073);
      assertThat(grpcPort("dispatcher", GrpcPortOption.DISPATCHER)).isEqualTo(7074);
      assertThat(grpcPort("worker", GrpcPortOption.WORKER)).isEqualTo(7075);
    }
    assertThat(grpcPort("worker", 7075, "--grpc-port", "0")).isZero();
    assertThat(grpcPort("worker", 7075, "--grpc-port", "65535")).isEqualTo(65535);
    assertThatThrownBy(() -> grpcPort("worker", 7075, "--grpc-port", "65536"))
        .isInstanceOf(ParameterException.class)
        .hasMessage("--grpc-port 65536 must be 0..65535");
    assertThatThrownBy(() -> grpcPort("dispatcher", 7074, "--grpc-port", "-1"))
        .isInstanceOf(ParameterException.class)
        .hasMessage("--grpc-port -1 must be 0..65535");
  }

  @Test
  void metricsPortsAreOffUnlessGivenAndTakenAtTheirLimits() {
    if (System.getenv("EVENTIDE_METRICS_PORT") == null) {
      assertThat(metricsPort("dispatcher")).isNull();
      assertThat(metricsPort("worker")).isNull();
    }
    assertThat(metricsPort("worker", "--metrics-port", "0")).isZero();
    assertThat(metricsPort("dispatcher", "--metrics-port", "65535")).isEqualTo(65535);
    assertThatThrownBy(() -> metricsPort("dispatcher", "--metrics-port", "65536"))
        .isInstanceOf(ParameterException.class)
        .hasMessage("--metrics-port 65536 must be 0..65535");
  }

  private static Integer metricsPort(String command, String... args) {
    CommandLine.Model.CommandSpec spec = parseLine(command, args).getCommandSpec();
    MetricsPortOption metrics = (MetricsPortOption) spec.mixins().get("metrics").userObject();
    return metrics.port(spec);
  }

  @Test
  void httpPortsAreTakenAtTheirLimits() {
    assertThat(standalone("--http-port", "65535").config().httpPort()).isEqualTo(65535);
    assertThatThrownBy(() -> standalone("--http-port", "65536").config())
        .isInstanceOf(ParameterException.class)
        .hasMessage("--http-port 65536 must be 0..65535");
    GatewayCommand gateway = parse("gateway", "--http-port", "-1");
    assertThatThrownBy(() -> gateway.http.httpPort(gateway.spec))
        .isInstanceOf(ParameterException.class)
        .hasMessage("--http-port -1 must be 0..65535");
  }

  @Test
  void keyGroupsAreTakenAtTheirLimits() {
    assertThat(standalone("--key-groups", "1").config().keyGroups()).isEqualTo(1);
    assertThat(standalone("--key-groups", "65536").config().keyGroups()).isEqualTo(65536);
    assertThatThrownBy(() -> standalone("--key-groups", "65537").config())
        .isInstanceOf(ParameterException.class)
        .hasMessage("--key-groups 65537 must be 1..65536");
    DispatcherCommand dispatcher =
        parse("dispatcher", "--store", "remote:127.0.0.1:7073", "--key-groups", "65536");
    assertThat(dispatcher.role.check(dispatcher.spec, "dispatcher").keyGroups()).isEqualTo(65536);
    DispatcherCommand none =
        parse("dispatcher", "--store", "remote:127.0.0.1:7073", "--key-groups", "0");
    assertThatThrownBy(() -> none.role.check(none.spec, "dispatcher"))
        .isInstanceOf(ParameterException.class)
        .hasMessage("--key-groups 0 must be 1..65536");
  }

  @Test
  void leaseTtlIsTakenAtItsLimitByRolesAndClusteredStandaloneAlike() {
    WorkerCommand worker =
        parse("worker", "--store", "remote:127.0.0.1:7073", "--lease-ttl", "300ms");
    assertThat(worker.role.check(worker.spec, "worker").leaseTtl())
        .isEqualTo(Duration.ofMillis(300));
    WorkerCommand short1 =
        parse("worker", "--store", "remote:127.0.0.1:7073", "--lease-ttl", "299ms");
    assertThatThrownBy(() -> short1.role.check(short1.spec, "worker"))
        .isInstanceOf(ParameterException.class)
        .hasMessage("--lease-ttl must be at least 300ms, was PT0.299S");

    String[] clustered = {"--cluster", "--store", "remote:127.0.0.1:7073", "--data-dir", "unused"};
    StandaloneCommand node =
        standalone(concat(clustered, "--lease-ttl", "300ms", "--node-id", " n1 "));
    assertThat(node.config().cluster())
        .isEqualTo(new ClusterSpec("n1", null, Duration.ofMillis(300)));
    assertThatThrownBy(() -> standalone(concat(clustered, "--lease-ttl", "299ms")).config())
        .isInstanceOf(ParameterException.class)
        .hasMessage("--lease-ttl must be at least 300ms, was PT0.299S");
    // Unclustered, the lease is not used, and so not checked: as before the options were shared.
    assertThat(standalone("--lease-ttl", "1ms", "--data-dir", "unused").config().cluster())
        .isNull();
  }

  @Test
  void nodeIdsAreGeneratedPerRoleWhenNotGiven() {
    if (System.getenv("EVENTIDE_NODE_ID") == null) {
      DispatcherCommand dispatcher = parse("dispatcher", "--store", "remote:127.0.0.1:7073");
      assertThat(dispatcher.role.check(dispatcher.spec, "dispatcher").nodeId())
          .matches("dispatcher-[0-9a-f]{8}");
      StandaloneCommand node =
          standalone("--cluster", "--store", "remote:127.0.0.1:7073", "--data-dir", "unused");
      assertThat(node.config().cluster().nodeId()).matches("node-[0-9a-f]{8}");
    }
  }

  @Test
  void advertisingIsNeededOnlyOnAWildcardHost() {
    WorkerCommand local = parse("worker", "--host", "10.0.0.7");
    assertThat(local.role.endpoint(local.spec, 7075)).isEqualTo("10.0.0.7:7075");
    WorkerCommand everywhere = parse("worker", "--host", "::");
    assertThatThrownBy(() -> everywhere.role.endpoint(everywhere.spec, 7075))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("give --advertise HOST:PORT");
    WorkerCommand advertised =
        parse("worker", "--host", "0.0.0.0", "--advertise", " w1.example:7075 ");
    assertThat(advertised.role.endpoint(advertised.spec, 7075)).isEqualTo("w1.example:7075");
  }

  @Test
  void aWorkersTemporaryScratchDirectoryIsRemovedWhenItStops() throws Exception {
    WorkerCommand worker = parse("worker");
    Path scratch = worker.data.scratch("worker");
    Files.createDirectories(scratch.resolve("deployment-1"));
    Files.writeString(scratch.resolve("deployment-1").resolve("functions.jar"), "jar bytes");

    worker.data.cleanup().close();

    assertThat(scratch).doesNotExist();
  }

  @Test
  void dataDirsDefaultPerCommand(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path home = Path.of(System.getProperty("user.home"), ".eventide");
    if (System.getenv("EVENTIDE_DATA_DIR") == null) {
      assertThat(standalone().config().dataDir()).isEqualTo(home.resolve("data"));
      StateServiceCommand stateService = parse("state-service");
      assertThat(stateService.data.orHome("state")).isEqualTo(home.resolve("state"));
      WorkerCommand worker = parse("worker");
      Path scratch = worker.data.scratch("worker");
      worker.data.cleanup().close();
      assertThat(scratch.getFileName().toString()).startsWith("eventide-worker-");
    }
    WorkerCommand worker = parse("worker", "--data-dir", dir.resolve("jars").toString());
    assertThat(worker.data.scratch("worker")).isEqualTo(dir.resolve("jars")).isDirectory();
    worker.data.cleanup().close();
    assertThat(dir.resolve("jars")).as("a directory given is the operator's").isDirectory();
    // Accepted and ignored: the gateway keeps no files since it stopped unpacking jars.
    GatewayCommand gateway = parse("gateway", "--data-dir", dir.resolve("unused").toString());
    assertThat(gateway.data).isNotNull();
    assertThat(dir.resolve("unused")).doesNotExist();
  }

  @Test
  void theSharedStoreIsRequiredOfRolesAndOptionalForStandalone() {
    if (System.getenv("EVENTIDE_STORE") == null) {
      assertThat(standalone("--data-dir", "unused").config().store()).isEqualTo(StoreSpec.ROCKSDB);
      GatewayCommand gateway = parse("gateway");
      assertThatThrownBy(() -> gateway.role.check(gateway.spec, "gateway"))
          .isInstanceOf(ParameterException.class)
          .hasMessageStartingWith("--store is required");
    }
    GatewayCommand fdb =
        parse("gateway", "--store", "fdb", "--fdb-cluster-file", "/etc/fdb.cluster");
    assertThat(fdb.role.check(fdb.spec, "gateway").store())
        .isEqualTo(StoreSpec.parse("fdb:/etc/fdb.cluster", null));
  }

  private static int grpcPort(String command, int fallback, String... args) {
    CommandLine.Model.CommandSpec spec = parseLine(command, args).getCommandSpec();
    GrpcPortOption grpc = (GrpcPortOption) spec.mixins().get("grpc").userObject();
    return grpc.port(spec, fallback);
  }

  private static StandaloneCommand standalone(String... args) {
    return parse("standalone", args);
  }

  private static <T> T parse(String command, String... args) {
    return parseLine(command, args).getCommand();
  }

  private static CommandLine parseLine(String command, String... args) {
    return Launcher.commandLine()
        .parseArgs(concat(new String[] {command}, args))
        .subcommand()
        .commandSpec()
        .commandLine();
  }

  private static String[] concat(String[] head, String... tail) {
    String[] all = Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }
}
