package io.eventide.benchmarks.flink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.executiongraph.ArchivedExecutionGraph;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
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

  @Option(
      names = "--out-of-orderness-ms",
      defaultValue = "100",
      description = "bound of forBoundedOutOfOrderness, ms (default ${DEFAULT-VALUE})")
  long outOfOrdernessMillis;

  @Option(
      names = "--window-ms",
      defaultValue = "1000",
      description = "tumbling window size, ms (default ${DEFAULT-VALUE})")
  long windowMillis;

  @Option(
      names = "--parallelism",
      description = "parallelism of the windows and sink (default: available cores)")
  Integer parallelism;

  @Option(
      names = "--checkpoint-interval-ms",
      defaultValue = "1000",
      description = "exactly-once checkpoint interval, ms (default ${DEFAULT-VALUE})")
  long checkpointIntervalMillis;

  @Option(
      names = "--warmup-runs",
      defaultValue = "0",
      description =
          "runs of the same job on the same cluster before the measured one, to warm the JIT up (default ${DEFAULT-VALUE})")
  int warmupRuns;

  @Override
  public Integer call() throws Exception {
    JobReport report = run();
    System.out.println(report.toJson());
    return report.exact() ? 0 : 2;
  }

  // MiniCluster.close() may throw InterruptedException; run() declares Exception, and an
  // interrupted benchmark has nothing left to do but fail.
  @SuppressWarnings("try")
  JobReport run() throws Exception {
    int slots = parallelism != null ? parallelism : Runtime.getRuntime().availableProcessors();
    if (!Files.isRegularFile(input)) {
      throw new CommandLine.ParameterException(new CommandLine(this), "no such file: " + input);
    }
    Path workDir = Files.createTempDirectory("flink-windowed");
    try {
      Configuration conf =
          LocalFlink.configuration(slots, Duration.ofMillis(checkpointIntervalMillis), workDir);
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
      env.setParallelism(slots);
      WindowedCountPipeline.build(
          env, input, Duration.ofMillis(outOfOrdernessMillis), Duration.ofMillis(windowMillis));
      try (MiniCluster cluster = LocalFlink.start(conf, slots)) {
        for (int i = 0; i < warmupRuns; i++) {
          JobID warmup =
              cluster.submitJob(env.getStreamGraph(false).getJobGraph()).get().getJobID();
          cluster.requestJobResult(warmup).get();
        }
        JobGraph job = env.getStreamGraph(false).getJobGraph();
        long start = System.nanoTime();
        JobID id = cluster.submitJob(job).get().getJobID();
        JobResult result = cluster.requestJobResult(id).get();
        long end = System.nanoTime();
        JobExecutionResult execution =
            result.toJobExecutionResult(WindowedCountJob.class.getClassLoader());
        ArchivedExecutionGraph graph = cluster.getArchivedExecutionGraph(id).get();
        return new JobReport(
            execution.<Long>getAccumulatorResult(NdjsonFileSource.LINES),
            execution.<Long>getAccumulatorResult(FiringTally.FIRINGS),
            execution.<Long>getAccumulatorResult(FiringTally.COUNTED),
            slots,
            outOfOrdernessMillis,
            (end - start) / 1e6,
            result.getNetRuntime(),
            graph.getCheckpointStatsSnapshot().getCounts().getNumberOfCompletedCheckpoints(),
            graph.getStateBackendName().orElse("unknown"));
      }
    } finally {
      deleteRecursively(workDir);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new WindowedCountJob()).execute(args));
  }
}
