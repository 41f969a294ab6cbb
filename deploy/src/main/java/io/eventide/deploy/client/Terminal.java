package io.eventide.deploy.client;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The terminal {@code eventide top} draws on: the alternate screen (the shell's screen comes back
 * on exit, as with {@code top} and {@code less}), the cursor hidden, and keys read one by one
 * ({@code stty -icanon -echo}), so that {@code q} quits without Enter. Ctrl-C still interrupts. The
 * terminal's settings are restored on {@link #close()}, and by a shutdown hook if the JVM is
 * interrupted.
 *
 * <h2>Thread safety</h2>
 *
 * Draws from one thread; keys are read on a daemon thread of their own.
 */
final class Terminal implements AutoCloseable {
  private static final String ENTER = "\033[?1049h\033[?25l";
  private static final String LEAVE = "\033[?25h\033[?1049l";

  private final PrintWriter out;
  private final String saved;
  private final CountDownLatch quit = new CountDownLatch(1);
  private final Thread restoreOnExit;

  private Terminal(PrintWriter out, String saved) {
    this.out = out;
    this.saved = saved;
    this.restoreOnExit = new Thread(this::restore, "eventide-top-terminal");
  }

  /** The process's terminal in key-by-key mode; IOException when {@code stty} cannot set it. */
  static Terminal open(PrintWriter out, InputStream keys) throws IOException {
    String saved = stty("-g").strip();
    stty("-icanon", "-echo", "min", "1");
    Terminal terminal = new Terminal(out, saved);
    Runtime.getRuntime().addShutdownHook(terminal.restoreOnExit);
    out.print(ENTER);
    out.flush();
    Thread reader = new Thread(() -> terminal.readKeys(keys), "eventide-top-keys");
    reader.setDaemon(true);
    reader.start();
    return terminal;
  }

  private void readKeys(InputStream keys) {
    try {
      for (int key = keys.read(); key >= 0; key = keys.read()) {
        if (key == 'q' || key == 'Q') {
          quit.countDown();
          return;
        }
      }
    } catch (IOException e) {
      // the terminal went away: nothing more to read; Ctrl-C or the end of the session stop us
    }
  }

  /** Waits up to {@code millis} for {@code q}; true once it was pressed. */
  boolean quitWithin(long millis) throws InterruptedException {
    return quit.await(millis, TimeUnit.MILLISECONDS);
  }

  /** The terminal's width in columns (80 when {@code stty} cannot tell). */
  int columns() {
    try {
      String[] size = stty("size").strip().split(" ");
      return Integer.parseInt(size[1]);
    } catch (IOException | RuntimeException e) {
      return 80;
    }
  }

  /** Replaces the screen's content with {@code lines}, in place. */
  void draw(List<String> lines) {
    StringBuilder screen = new StringBuilder("\033[H");
    for (String line : lines) {
      screen.append(line).append("\033[K\n");
    }
    screen.append("\033[J");
    out.print(screen);
    out.flush();
  }

  @Override
  public void close() {
    restore();
    try {
      Runtime.getRuntime().removeShutdownHook(restoreOnExit);
    } catch (IllegalStateException e) {
      // already shutting down: the hook restores, as close did
    }
  }

  private synchronized void restore() {
    out.print(LEAVE);
    out.flush();
    try {
      stty(saved);
    } catch (IOException e) {
      System.err.println("eventide: could not restore the terminal (run 'stty sane'): " + e);
    }
  }

  private static String stty(String... args) throws IOException {
    String[] command = new String[args.length + 1];
    command[0] = "stty";
    System.arraycopy(args, 0, command, 1, args.length);
    Process stty =
        new ProcessBuilder(command)
            .redirectInput(new File("/dev/tty"))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      String output = new String(stty.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!stty.waitFor(5, TimeUnit.SECONDS) || stty.exitValue() != 0) {
        throw new IOException("stty " + String.join(" ", args) + " failed");
      }
      return output;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stty.destroy();
      throw new IOException("interrupted while running stty", e);
    }
  }
}
