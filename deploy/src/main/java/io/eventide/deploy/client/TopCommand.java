package io.eventide.deploy.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventide.gateway.Durations;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eventide top}: a live view of a node, refreshed in place like {@code top}: throughput,
 * latency and failures per function, backlog, sources' watermarks and lag, the busiest key groups
 * and the latest dead letters, from {@code /metrics}, {@code /v1/cluster} and {@code
 * /v1/dead-letters}. {@code q} quits. Not on a terminal (or with {@code --output json}) it prints
 * one frame, or one JSON object, per refresh.
 */
@Command(
    name = "top",
    mixinStandardHelpOptions = true,
    description = {
      "A live view of a node, refreshed every second in place: throughput and latency per",
      "function, backlog, sources' watermarks and lag, busy key groups, dead letters. q quits."
    },
    footer = {
      "",
      "Example:",
      "  eventide top --url http://127.0.0.1:7070 --admin-token $TOKEN",
      "  eventide top --output json --iterations 5    # one JSON object a second, for scripts"
    })
public final class TopCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Mixin OutputOption output;

  @Spec CommandSpec spec;

  @Option(
      names = {"-d", "--interval"},
      defaultValue = "1s",
      paramLabel = "DURATION",
      description = "Time between refreshes, 100ms to 1h (default ${DEFAULT-VALUE}).")
  String interval;

  @Option(
      names = {"-n", "--iterations"},
      defaultValue = "0",
      paramLabel = "N",
      description = "Stop after N refreshes (default ${DEFAULT-VALUE}: until q or Ctrl-C).")
  int iterations;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    long millis;
    boolean json;
    EventideClient client;
    TopSample first;
    try {
      millis = refreshMillis(interval);
      if (iterations < 0) {
        throw new IllegalArgumentException("--iterations must be 0 or more, was " + iterations);
      }
      json = output.json();
      client = options.client();
      first = TopSample.read(client);
    } catch (UncheckedIOException | IllegalArgumentException e) {
      return fail(err, e.getMessage());
    } catch (NodeAnswerException e) {
      return fail(err, "HTTP " + e.answer().status() + " " + e.answer().text().strip());
    }
    PrintWriter out = spec.commandLine().getOut();
    Terminal terminal = null;
    if (!json && System.console() != null) {
      try {
        terminal = Terminal.open(out, System.in);
      } catch (IOException e) {
        terminal = null; // no stty: frames are printed one after another instead
      }
    }
    try {
      run(client, first, millis, json, terminal, out);
    } finally {
      if (terminal != null) {
        terminal.close();
      }
    }
    return 0;
  }

  private void run(
      EventideClient client,
      TopSample first,
      long millis,
      boolean json,
      Terminal terminal,
      PrintWriter out)
      throws InterruptedException {
    TopSample previous = null;
    TopSample current = first;
    String url = options.url.toString();
    for (int frame = 1; ; frame++) {
      List<String> lines = new ArrayList<>();
      if (current != null) {
        JsonNode figures = TopFigures.of(previous, current);
        if (json) {
          out.println(figures);
          out.flush();
        } else {
          lines.addAll(TopScreen.lines(url, figures, terminal == null ? 200 : terminal.columns()));
        }
      }
      if (!json) {
        draw(terminal, out, lines);
      }
      if (iterations > 0 && frame >= iterations) {
        return;
      }
      if (terminal != null ? terminal.quitWithin(millis) : sleep(millis)) {
        return;
      }
      previous = current == null ? previous : current;
      try {
        current = TopSample.read(client);
      } catch (UncheckedIOException | NodeAnswerException e) {
        // The node may be restarting: say so, and keep trying at the same pace.
        current = null;
        draw(terminal, out, List.of("eventide top - " + url + " - no answer: " + e.getMessage()));
      }
    }
  }

  private static void draw(Terminal terminal, PrintWriter out, List<String> lines) {
    if (terminal != null) {
      terminal.draw(lines);
    } else {
      lines.forEach(out::println);
      out.println();
      out.flush();
    }
  }

  private static boolean sleep(long millis) throws InterruptedException {
    Thread.sleep(millis); // pacing the refreshes of a batch-mode view, nothing to wait for
    return false;
  }

  static long refreshMillis(String text) {
    Duration duration;
    try {
      duration = Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--interval must be a duration such as 1s, was " + text);
    }
    if (duration.toMillis() < 100 || duration.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("--interval must be 100ms to 1h, was " + text);
    }
    return duration.toMillis();
  }

  private static int fail(PrintWriter err, String message) {
    err.println("eventide: " + message);
    err.flush();
    return 1;
  }
}
