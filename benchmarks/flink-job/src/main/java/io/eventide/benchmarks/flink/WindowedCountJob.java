package io.eventide.benchmarks.flink;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The windowed-counting benchmark on Flink: starts a MiniCluster (see {@link LocalFlink}), runs
 * {@link WindowedCountPipeline} over an NDJSON file written by the load generator's {@code
 * windowed-file} command, and prints one JSON line ({@link JobReport}). The clock covers the job
 * alone, from submission to result: not the JVM's start, nor the cluster's.
 *
 * <pre>
 * java -jar benchmarks/flink-job/target/flink-windowed.jar --input events.ndjson --out-of-orderness-ms 100
 * </pre>
 *
 * Exit code 0 when the summed counts equal the events, 2 otherwise.
 */
@Command(
    name = "flink-windowed",
    mixinStandardHelpOptions = true,
    description = "Windowed counting of an NDJSON event file on a local Flink MiniCluster.")
public final class WindowedCountJob implements Callable<Integer> {

  @Option(
      names = "--input",
      required = true,
      description = "NDJSON file: {\"target\":\"ns/type/id\",\"eventTime\":ms,...} per line")
  Path input;

  @Mixin WindowJobOptions options = new WindowJobOptions();

  @Override
  public Integer call() throws Exception {
    JobReport report = run();
    System.out.println(report.toJson());
    return report.exact() ? 0 : 2;
  }

  JobReport run() throws Exception {
    if (!Files.isRegularFile(input)) {
      throw new CommandLine.ParameterException(new CommandLine(this), "no such file: " + input);
    }
    return options.run(
        "flink-windowed",
        env ->
            WindowedCountPipeline.build(
                env, input, options.outOfOrderness(), options.window(), options.allowedLateness()),
        NdjsonFileSource.LINES,
        0);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new WindowedCountJob()).execute(args));
  }
}
