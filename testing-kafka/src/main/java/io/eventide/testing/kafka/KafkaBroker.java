package io.eventide.testing.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.Uuid;

/**
 * One real Kafka node (KRaft, broker and controller in one) in a child JVM on 127.0.0.1, for tests.
 *
 * <p>The broker never runs in the test's JVM: its libraries (Scala, its own Jackson) would clash
 * with Eventide's class path. {@link #start()} formats a fresh directory, starts the node on free
 * ports and returns once it answers. Its output goes to {@link #logFile()} under {@code target/}.
 * {@link #close()} kills it by pid, waits for it to be gone and deletes its directory; a shutdown
 * hook does the same if a test forgets.
 *
 * <p>{@link #stop()} and {@link #restart()} take the node down and bring it back with the same
 * ports and data, for tests of what clients do while the broker is unreachable.
 *
 * <h2>Thread safety</h2>
 *
 * Start, stop, restart and close are meant for the test's own thread; {@link #createTopic} and the
 * accessors may be called from any thread.
 */
public final class KafkaBroker implements AutoCloseable {
  private static final Duration READY = Duration.ofSeconds(60);
  private static final Duration EXIT = Duration.ofSeconds(30);

  private final BrokerFiles files;
  private final Path logFile;
  private final String classpath;
  private final Admin admin;
  private final Thread shutdownHook;
  private volatile Process process;
  private boolean closed;

  private KafkaBroker(BrokerFiles files, Path logFile, String classpath) {
    this.files = files;
    this.logFile = logFile;
    this.classpath = classpath;
    this.admin = Admin.create(adminConfig(bootstrapServers()));
    this.shutdownHook = new Thread(this::kill, "kafka-broker-kill-" + files.brokerPort());
  }

  /**
   * Formats a new temporary directory and starts a node in it; it is deleted by close. A port taken
   * by another process between choosing it and binding it is chosen again (up to three times).
   */
  public static KafkaBroker start() {
    for (int attempt = 1; ; attempt++) {
      try {
        return startOnFreePorts();
      } catch (PortTakenException e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  private static KafkaBroker startOnFreePorts() {
    Path dir;
    try {
      dir = Files.createTempDirectory("eventide-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the broker's directory", e);
    }
    BrokerFiles files = new BrokerFiles(dir, ChildProcesses.freePort(), ChildProcesses.freePort());
    files.write();
    Path logFile = logDir(dir).resolve("kafka-broker-" + files.brokerPort() + ".log");
    KafkaBroker broker = new KafkaBroker(files, logFile, BrokerClasspath.read());
    Runtime.getRuntime().addShutdownHook(broker.shutdownHook);
    try {
      broker.format();
      broker.launch();
    } catch (RuntimeException e) {
      broker.close();
      throw broker.portTaken() ? new PortTakenException(e) : e;
    }
    return broker;
  }

  private boolean portTaken() {
    try {
      return Files.readString(logFile).contains("Address already in use");
    } catch (IOException e) {
      return false;
    }
  }

  /** The node could not bind a port chosen as free: someone took it meanwhile. */
  private static final class PortTakenException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    PortTakenException(RuntimeException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** {@code 127.0.0.1:port}, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + files.brokerPort();
  }

  /** Creates a topic with retention off (tests use old event times as record timestamps). */
  public void createTopic(String name, int partitions) {
    createTopic(name, partitions, Map.of());
  }

  /** Creates a topic with retention off and these topic configs on top (e.g. max.message.bytes). */
  public void createTopic(String name, int partitions, Map<String, String> configs) {
    Map<String, String> all = new HashMap<>();
    all.put("retention.ms", "-1");
    all.putAll(configs);
    NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(all);
    try {
      admin.createTopics(List.of(topic)).all().get(READY.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create topic " + name + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating topic " + name, e);
    }
  }

  /**
   * Every record of {@code topic} a {@code read_committed} consumer sees, read from the start up to
   * the high watermarks at the call (so a transaction that committed before the call is included,
   * even if its markers are written just after). Partition by partition, in offset order.
   */
  public List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
    return new CommittedReader(admin, bootstrapServers(), READY).read(topic);
  }

  /** The node's process id (changes with {@link #restart()}). */
  public long pid() {
    return process.pid();
  }

  /** Where the node writes its log. */
  public Path logFile() {
    return logFile;
  }

  /** The node's directory (configuration and data). */
  Path dir() {
    return files.dir();
  }

  /**
   * Shuts the node down as an operator would (SIGTERM: controlled shutdown, logs flushed) and waits
   * for it to be gone; its data stays for {@link #restart()}. Falls back to SIGKILL after 30 s.
   */
  public void stop() {
    end(false);
  }

  /**
   * Kills the node (SIGKILL) and waits for it to be gone; its data stays for {@link #restart()}. A
   * transaction whose commit returned just before may then stay undecided for read_committed
   * consumers after the restart (its markers were not written yet, and a single node recovering
   * from an unclean shutdown may not complete it): use {@link #stop()} unless the test is about the
   * broker's own crash.
   */
  public void kill() {
    end(true);
  }

  /** Starts the node again on the same ports with the same data, once {@link #stop()} ended it. */
  public void restart() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("the broker is running (pid " + process.pid() + ")");
    }
    launch();
  }

  /** Kills the node by pid, waits for it to be gone, and deletes its directory. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    admin.close(Duration.ZERO);
    kill();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook runs kill too, which is harmless after this one.
    }
    files.delete();
  }

  private void format() {
    Process format =
        spawn(
            "kafka.tools.StorageTool",
            "format",
            "-t",
            Uuid.randomUuid().toString(),
            "-c",
            files.serverProperties().toString());
    try {
      if (!format.waitFor(READY.toSeconds(), TimeUnit.SECONDS)) {
        format.destroyForcibly();
        throw new IllegalStateException("formatting the broker's storage hung; see " + logFile);
      }
    } catch (InterruptedException e) {
      format.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted formatting the broker's storage", e);
    }
    if (format.exitValue() != 0) {
      throw new IllegalStateException(
          "formatting the broker's storage failed (exit "
              + format.exitValue()
              + "); see "
              + logFile);
    }
  }

  private void launch() {
    process = spawn("kafka.Kafka", files.serverProperties().toString());
    new ReadyCheck(admin, process, logFile).await(READY);
  }

  private Process spawn(String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xmx512m",
            "-Xms64m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Djava.awt.headless=true",
            "-Dlog4j2.configurationFile=" + files.log4jProperties(),
            "-cp",
            classpath,
            mainClass));
    command.addAll(List.of(args));
    try {
      Files.writeString(
          logFile,
          "--- " + mainClass + " " + String.join(" ", args) + "\n",
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      return new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(Redirect.appendTo(logFile.toFile()))
          .redirectInput(Redirect.from(Path.of("/dev/null").toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + mainClass, e);
    }
  }

  private void end(boolean forcibly) {
    Process current = process;
    if (current != null) {
      ChildProcesses.end(current.toHandle(), forcibly, EXIT);
    }
  }

  private static Map<String, Object> adminConfig(String bootstrap) {
    Map<String, Object> config = new HashMap<>();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
    return config;
  }

  private static Path logDir(Path brokerDir) {
    Path target = Path.of("target").toAbsolutePath();
    Path dir = Files.isDirectory(target) ? target.resolve("kafka-logs") : brokerDir;
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }
}
