package io.eventide.deploy;

import io.eventide.deploy.client.EventideClient;
import io.eventide.deploy.process.NodeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cluster of role processes on 127.0.0.1, as {@code eventide
 * gateway|dispatcher|worker|state-service} run them: one state-service and any number of the
 * others, each known by a name ("dispatcher-1") under which it can be killed with SIGKILL and
 * started again with the same command. Short leases (2 s, unless {@link #withDefaultTimings}) and
 * few key groups keep failovers quick. {@link #close} stops every process.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe: clients ask for the gateway while another thread kills and restarts roles; a restart
 * does not block them (they see the dead process's address until the new one listens).
 */
final class RoleCluster implements AutoCloseable {
  private static final List<String> JVM = TestNodes.jvm("256m");

  private final Path dir;
  private final Map<String, List<String>> commands = new ConcurrentHashMap<>();
  private final Map<String, NodeProcess> running = new ConcurrentHashMap<>();
  private final List<NodeProcess> all = new CopyOnWriteArrayList<>();
  private final AtomicInteger logs = new AtomicInteger();

  /** False: the roles run with the launcher's default lease ttl and directory refresh. */
  private final boolean shortTimings;

  /** Where {@code eventide certs init} wrote the cluster's certificates; null: plaintext gRPC. */
  private final Path certs;

  RoleCluster(Path dir) {
    this(dir, true, null);
  }

  private RoleCluster(Path dir, boolean shortTimings, Path certs) {
    this.dir = dir;
    this.shortTimings = shortTimings;
    this.certs = certs;
  }

  /**
   * A cluster whose processes call each other over mutual TLS, each with its role's certificate
   * from {@code eventide certs init DIR/certs}.
   */
  static RoleCluster withInternalTls(Path dir) {
    Path certs = dir.resolve("certs");
    int exit = Launcher.commandLine().execute("certs", "init", certs.toString());
    if (exit != 0) {
      throw new IllegalStateException("eventide certs init " + certs + " exited " + exit);
    }
    return new RoleCluster(dir, true, certs);
  }

  /** The directory of the cluster's certificates (null without TLS). */
  Path certs() {
    return certs;
  }

  /** {@code --internal-tls-*} with the certificate of {@code role}, none without TLS. */
  private List<String> tls(String role) {
    if (certs == null) {
      return List.of();
    }
    return List.of(
        "--internal-tls-cert",
        certs.resolve(role + ".pem").toString(),
        "--internal-tls-key",
        certs.resolve(role + "-key.pem").toString(),
        "--internal-tls-ca",
        certs.resolve("ca.pem").toString());
  }

  /** A cluster whose roles keep the launcher's default timings, as an operator's would. */
  static RoleCluster withDefaultTimings(Path dir) {
    return new RoleCluster(dir, false, null);
  }

  /** Starts the state-service, with {@code extra} options; the other roles meet in it. */
  RoleCluster stateService(String... extra) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "state-service",
                "--grpc-port",
                "0",
                "--data-dir",
                dir.resolve("state").toString()));
    command.addAll(List.of(extra));
    command.addAll(tls("state-service"));
    start("state-service", command);
    return this;
  }

  /**
   * Starts {@code role} (dispatcher, worker or gateway) as {@code name}, which is also its node id,
   * with {@code extra} options.
   */
  NodeProcess role(String role, String name, String... extra) {
    List<String> command =
        new ArrayList<>(
            List.of(
                role,
                "--store",
                store(),
                "--node-id",
                name,
                "--host",
                "127.0.0.1",
                "--key-groups",
                "16"));
    if (shortTimings) {
      command.addAll(List.of("--lease-ttl", "2s", "--directory-refresh", "500ms"));
    }
    command.addAll(
        role.equals("gateway") ? List.of("--http-port", "0") : List.of("--grpc-port", "0"));
    command.addAll(tls(role));
    command.addAll(List.of(extra));
    return start(name, command);
  }

  /**
   * Runs {@code starts} (calls of {@link #role}) each on a thread of its own and returns once every
   * one has returned, that is once every process listens. A JVM's start-up is mostly one thread
   * loading classes, so on two cores two or three of them overlap instead of queueing. For roles
   * whose order does not matter: dispatchers and workers find each other through the store, as
   * {@code deploy/local-cluster.sh} starts them; a gateway that must find a worker at once (to
   * check a deployment) is started after them.
   */
  void atOnce(Runnable... starts) throws InterruptedException {
    ExecutorService threads = Executors.newFixedThreadPool(starts.length);
    try {
      List<Future<?>> started = new ArrayList<>();
      for (Runnable start : starts) {
        started.add(threads.submit(start));
      }
      // Every start is waited for, failed or not, so that close() finds each process it made.
      RuntimeException failed = null;
      for (Future<?> start : started) {
        try {
          start.get();
        } catch (ExecutionException e) {
          RuntimeException failure =
              e.getCause() instanceof RuntimeException cause
                  ? cause // the start's own error: which role did not listen, and its log
                  : new IllegalStateException(e.getCause());
          if (failed == null) {
            failed = failure;
          } else {
            failed.addSuppressed(failure);
          }
        }
      }
      if (failed != null) {
        throw failed;
      }
    } finally {
      threads.shutdown();
    }
  }

  private String store() {
    return "remote:127.0.0.1:" + stateServicePort();
  }

  /** The port of the state-service, for tests that reach the store themselves. */
  int stateServicePort() {
    return running.get("state-service").port();
  }

  private NodeProcess start(String name, List<String> command) {
    commands.put(name, command);
    Path log =
        Path.of(
            "target",
            "it-logs",
            "roles-"
                + ProcessHandle.current().pid()
                + "-"
                + name
                + "-"
                + logs.incrementAndGet()
                + ".log");
    NodeProcess process =
        NodeProcess.startRole(
            command.get(0),
            TestNodes.childClassPath(),
            JVM,
            command.subList(1, command.size()),
            Map.of(),
            log.toAbsolutePath(),
            TestNodes.START_TIMEOUT);
    all.add(process);
    running.put(name, process);
    return process;
  }

  /** SIGKILL: the process gets no chance to hand anything over. */
  void kill(String name) {
    running.get(name).kill();
  }

  /** Starts {@code name} again with the command it was first started with. */
  NodeProcess restart(String name) {
    return start(name, commands.get(name));
  }

  NodeProcess get(String name) {
    return running.get(name);
  }

  /** A client of the gateway named {@code name} as it runs now (its port changes on restart). */
  EventideClient client(String name) {
    return new EventideClient(running.get(name).url(), null, null)
        .withTimeout(Duration.ofSeconds(60));
  }

  /** A test body run against the cluster. */
  @FunctionalInterface
  interface Body {
    void run() throws Exception;
  }

  /** Runs {@code body}; a failed assertion or wait then carries every process's last log lines. */
  void explained(Body body) throws Exception {
    try {
      body.run();
    } catch (AssertionError | org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(e.getMessage() + logs(), e);
    }
  }

  /** The last lines of every process's log, for failure messages. */
  String logs() {
    StringBuilder out = new StringBuilder();
    for (NodeProcess p : all) {
      out.append("\n--- ").append(p.log()).append('\n').append(NodeProcess.tail(p.log(), 15));
    }
    return out.toString();
  }

  @Override
  public void close() {
    // The roles before the store they use, so they stop cleanly instead of retrying a dead one.
    List<NodeProcess> reversed = new ArrayList<>(all);
    java.util.Collections.reverse(reversed);
    for (NodeProcess p : reversed) {
      if (p.isAlive()) {
        p.stop(Duration.ofSeconds(20));
      }
    }
  }
}
