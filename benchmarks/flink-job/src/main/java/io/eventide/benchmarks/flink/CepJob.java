package io.eventide.benchmarks.flink;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The CEP benchmark on Flink: {@link CepPipeline}'s three-step {@code followedBy ... within}
 * pattern over an NDJSON file written by {@code benchmarks/cep.sh}, on a MiniCluster with RocksDB
 * and exactly-once checkpoints ({@link LocalFlink}); prints one JSON line ({@link JobReport}) whose
 * {@code firings} are the matches.
 *
 * <pre>
 * java -cp benchmarks/flink-job/target/flink-windowed.jar io.eventide.benchmarks.flink.CepJob \
 *     --input cep.ndjson --within-ms 1000 --out-of-orderness-ms 100
 * </pre>
 */
@Command(
    name = "flink-cep",
    mixinStandardHelpOptions = true,
    description =
        "A three-step CEP pattern over an NDJSON event file on a local Flink MiniCluster.")
public final class CepJob implements Callable<Integer> {

  @Option(names = "--input", required = true, description = "NDJSON file written by cep.sh")
  Path input;

  @Option(
      names = "--within-ms",
      defaultValue = "1000",
      description = "the pattern's window, ms (default ${DEFAULT-VALUE})")
  long withinMillis = 1000;

  @Mixin WindowJobOptions options = new WindowJobOptions();

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(input)) {
      throw new CommandLine.ParameterException(new CommandLine(this), "no such file: " + input);
    }
    JobReport report =
        options.run(
            "flink-cep",
            env ->
                CepPipeline.build(
                    env, input, options.outOfOrderness(), Duration.ofMillis(withinMillis)),
            NdjsonFileSource.LINES,
            0);
    System.out.println(report.toJson());
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new CepJob()).execute(args));
  }
}
