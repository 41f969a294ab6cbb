package io.eventide.deploy.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A standalone node running as a child process ({@code java -cp CP io.eventide.deploy.Launcher
 * standalone ...}), as the demo and the black-box tests use it: started, found through its {@code
 * eventide: listening on http://HOST:PORT} line, stopped with SIGTERM or killed with SIGKILL.
 *
 * <h2>Thread safety</h2>
 *
 * One named daemon thread drains the child's stdout; the rest is meant for one controlling thread.
 * {@link #stop} and {@link #kill} may be called from any thread.
 */
public final class NodeProcess implements AutoCloseable {
  private static final Pattern LISTENING =
      Pattern.compile(
          "eventide: (?:[a-z-]+ )?listening on ((?:(?:https?|grpc)://)?[^:/\\s]+:(\\d+))");
  private static final String MAIN = "io.eventide.deploy.Launcher";

  private final Process process;
  private final URI url;
  private final int port;
  private final Path log;

  private NodeProcess(Process process, URI url, int port, Path log) {
    this.process = process;
    this.url = url;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts {@code java JVM_FLAGS -cp CLASSPATH io.eventide.deploy.Launcher standalone ARGS}, with
   * stderr appended to {@code log}, and waits up to {@code timeout} for the listening line.
   */
  public static NodeProcess start(
      String classPath, List<String> jvmFlags, List<String> args, Path log, Duration timeout) {
    return start(classPath, jvmFlags, args, Map.of(), log, timeout);
  }

  /** As {@link #start(String, List, List, Path, Duration)}, with extra environment variables. */
  public static NodeProcess start(
      String classPath,
      List<String> jvmFlags,
      List<String> args,
      Map<String, String> env,
      Path log,
      Duration timeout) {
    return startRole("standalone", classPath, jvmFlags, args, env, log, timeout);
  }

  /**
   * As {@link #start(String, List, List, Map, Path, Duration)} for another launcher command ({@code
   * state-service}, ...), which must print its own listening line.
   */
  public static NodeProcess startRole(
      String role,
      String classPath,
      List<String> jvmFlags,
      List<String> args,
      Map<String, String> env,
      Path log,
      Duration timeout) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(jvmFlags);
    command.addAll(List.of("-cp", classPath, MAIN, role));
    command.addAll(args);
    Process process;
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(env);
      process =
          builder
              .redirectInput(ProcessBuilder.Redirect.PIPE)
              .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
    CompletableFuture<Matcher> listening = new CompletableFuture<>();
    Thread reader =
        new Thread(() -> drain(process, listening), "eventide-node-" + process.pid() + "-stdout");
    reader.setDaemon(true);
    reader.start();
    try {
      Matcher line = listening.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      // Roles that serve gRPC print a bare HOST:PORT.
      String address = line.group(1).contains("://") ? line.group(1) : "grpc://" + line.group(1);
      return new NodeProcess(process, URI.create(address), Integer.parseInt(line.group(2)), log);
    } catch (TimeoutException | ExecutionException e) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "node did not report 'eventide: listening on' within "
              + timeout
              + " ("
              + e.getMessage()
              + "); last log lines:\n"
              + tail(log, 30),
          e);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting node", e);
    }
  }

  /** The class path of this JVM, as a child node's class path. */
  public static String currentClassPath() {
    return System.getProperty("java.class.path");
  }

  /** The java executable running this JVM. */
  public static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  private static void drain(Process process, CompletableFuture<Matcher> listening) {
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        Matcher matcher = LISTENING.matcher(line);
        if (!listening.isDone() && matcher.find()) {
          listening.complete(matcher);
        }
      }
    } catch (IOException e) {
      listening.completeExceptionally(e);
    }
    listening.completeExceptionally(
        new IllegalStateException("node stdout closed (process alive: " + process.isAlive() + ")"));
  }

  /** The node's base URL, {@code http://127.0.0.1:PORT}. */
  public URI url() {
    return url;
  }

  /** The node's bound HTTP port. */
  public int port() {
    return port;
  }

  /** The child's process id. */
  public long pid() {
    return process.pid();
  }

  /** Whether the child still runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** The file that receives the child's stderr (its logs). */
  public Path log() {
    return log;
  }

  /** SIGTERM, then SIGKILL if it has not exited within {@code grace}; returns the exit code. */
  public int stop(Duration grace) {
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    return process.isAlive() ? -1 : process.exitValue();
  }

  /** SIGKILL: the node gets no chance to clean up. Waits for the process to be gone. */
  public void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("process " + pid() + " survived SIGKILL for 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing " + pid(), e);
    }
  }

  /** Stops the node (SIGTERM, SIGKILL after 20 s) if it still runs. */
  @Override
  public void close() {
    if (process.isAlive()) {
      stop(Duration.ofSeconds(20));
    }
  }

  /** The last {@code lines} lines of the child's log, for failure messages. */
  public static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }
}
