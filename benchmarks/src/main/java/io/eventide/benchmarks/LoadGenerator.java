package io.eventide.benchmarks;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Load generator for an Eventide node on 127.0.0.1: {@code send} (closed-loop fire-and-forget
 * messages), {@code ingest} (NDJSON batches, with an exactly-once check), {@code call} (open-loop
 * request-reply latency) and {@code call-saturate} (closed-loop request-reply throughput), and the
 * windowed-counting pair {@code windowed-file} (writes the seeded event file) and {@code
 * windowed-ingest} (posts it, ends the input and waits for every window), and the Kafka benchmark's
 * {@code kafka-count}, {@code stream-ingest} and {@code kafka-windowed} (see {@code
 * benchmarks/kafka.sh}), and {@code otlp-sink}, the discarding trace collector of {@code TRACING=1
 * benchmarks/keyed.sh}. Each run prints one summary line; the exit code is 2 when requests failed
 * or the exactly-once check did not hold.
 */
@Command(
    name = "loadgen",
    mixinStandardHelpOptions = true,
    subcommands = {
      SendCommand.class,
      IngestCommand.class,
      CallCommand.class,
      CallSaturateCommand.class,
      FloodCommand.class,
      WindowedFileCommand.class,
      WindowedIngestCommand.class,
      KafkaCountCommand.class,
      StreamIngestCommand.class,
      KafkaWindowedCommand.class,
      OtlpSinkCommand.class
    },
    description = "Eventide load generator (talks to 127.0.0.1 only).")
public final class LoadGenerator implements Runnable {

  @picocli.CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private LoadGenerator() {}

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "choose a scenario: send, ingest, call, call-saturate, windowed-file, windowed-ingest,"
            + " kafka-count, stream-ingest or kafka-windowed");
  }

  // Held strongly: java.util.logging forgets the level of a logger nobody references.
  private static final java.util.logging.Logger[] QUIET = {
    java.util.logging.Logger.getLogger("org.xnio"),
    java.util.logging.Logger.getLogger("io.undertow")
  };

  public static void main(String[] args) {
    // XNIO's version banners would interleave with the summary lines scripts parse.
    for (java.util.logging.Logger logger : QUIET) {
      logger.setLevel(java.util.logging.Level.WARNING);
    }
    System.exit(new CommandLine(new LoadGenerator()).execute(args));
  }
}
