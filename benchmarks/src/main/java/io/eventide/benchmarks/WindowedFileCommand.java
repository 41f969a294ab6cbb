package io.eventide.benchmarks;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

  @Mixin StreamOptions stream;

  @Option(
      names = "--window-ms",
      defaultValue = "1000",
      description =
          "tumbling window size the expected firings are computed for (default ${DEFAULT-VALUE})")
  long windowMillis;

  @Option(
      names = "--function",
      defaultValue = "bench/window-count",
      description = "function type of the targets (default ${DEFAULT-VALUE})")
  String function;

  @Override
  public Integer call() throws IOException {
    WindowedEvents events = stream.stream();
    try (Writer writer =
        new OutputStreamWriter(Files.newOutputStream(out), StandardCharsets.UTF_8)) {
      events.write(writer, function);
    }
    System.out.printf(
        "windowed-file: %d events, %d keys, %s of event time at %d/s, disorder up to %d ms, "
            + "expected firings %d, %d MB in %s%n",
        stream.events,
        stream.keys,
        Fmt.seconds(events.spanMillis() * 1_000_000),
        stream.rate,
        stream.disorderMillis,
        events.expectedFirings(windowMillis),
        Files.size(out) >> 20,
        out);
    return 0;
  }
}
