package io.eventide.benchmarks;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes the event file of the windowed-counting benchmark ({@link WindowedEvents}): the NDJSON
 * lines that {@code windowed-ingest} posts to Eventide and that the Flink job reads, so that both
 * see the very same stream. Prints one line with the expected number of firings.
 */
@Command(
    name = "windowed-file",
    mixinStandardHelpOptions = true,
    description = "Write the seeded NDJSON event file of the windowed-counting benchmark.")
final class WindowedFileCommand implements Callable<Integer> {

  @Option(
      names = {"-o", "--out"},
      required = true,
      description = "file to write")
  Path out;

  @Option(
      names = {"-m", "--events"},
      defaultValue = "1000000",
      description = "events (default ${DEFAULT-VALUE})")
  long events;

  @Option(
      names = "--keys",
      defaultValue = "10000",
      description = "distinct keys (default ${DEFAULT-VALUE})")
  int keys;

  @Option(
      names = "--rate",
      defaultValue = "100000",
      description = "events per second of event time (default ${DEFAULT-VALUE})")
  long rate;

  @Option(
      names = "--disorder-ms",
      defaultValue = "100",
      description = "most an event lags behind the one before it, ms (default ${DEFAULT-VALUE})")
  long disorderMillis;

  @Option(
      names = "--window-ms",
      defaultValue = "1000",
      description =
          "tumbling window size the expected firings are computed for (default ${DEFAULT-VALUE})")
  long windowMillis;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "random seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--function",
      defaultValue = "bench/window-count",
      description = "function type of the targets (default ${DEFAULT-VALUE})")
  String function;

  @Override
  public Integer call() throws IOException {
    WindowedEvents stream =
        new WindowedEvents(events, keys, rate, disorderMillis, seed, WindowedEvents.DEFAULT_START);
    try (Writer writer =
        new OutputStreamWriter(Files.newOutputStream(out), StandardCharsets.UTF_8)) {
      stream.write(writer, function);
    }
    System.out.printf(
        "windowed-file: %d events, %d keys, %s of event time at %d/s, disorder up to %d ms, "
            + "expected firings %d, %d MB in %s%n",
        events,
        keys,
        Fmt.seconds(stream.spanMillis() * 1_000_000),
        rate,
        disorderMillis,
        stream.expectedFirings(windowMillis),
        Files.size(out) >> 20,
        out);
    return 0;
  }
}
