package io.eventide.benchmarks.flink;

import java.time.Duration;
import java.util.function.Consumer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Option;

/**
 * What both windowed-counting jobs ({@link WindowedCountJob} over a file, {@link
 * KafkaWindowedCountJob} over a topic) take besides their input: the windows, the cluster's
 * parallelism, state backend and checkpoints, the warm-up runs; and how they run and report. Fields
 * start at the options' defaults, so that a test may set some and run.
 */
final class WindowJobOptions {

  @Option(
      names = "--out-of-orderness-ms",
      defaultValue = "100",
      description = "bound of forBoundedOutOfOrderness, ms (default ${DEFAULT-VALUE})")
  long outOfOrdernessMillis = 100;

  @Option(
      names = "--window-ms",
      defaultValue = "1000",
      description = "tumbling window size, ms (default ${DEFAULT-VALUE})")
  long windowMillis = 1000;

  @Option(
      names = "--allowed-lateness-ms",
      defaultValue = "0",
      description =
          "how long after its end a window keeps its state for late events, ms (default ${DEFAULT-VALUE})")
  long allowedLatenessMillis;

  @Option(
      names = "--parallelism",
      description = "parallelism of the windows and sink (default: available cores)")
  Integer parallelism;

  @Option(
      names = "--state-backend",
      defaultValue = LocalFlink.ROCKSDB,
      description =
          "rocksdb (EmbeddedRocksDBStateBackend) or hashmap (heap state) (default ${DEFAULT-VALUE})")
  String stateBackend = LocalFlink.ROCKSDB;

  @Option(
      names = "--checkpoint-interval-ms",
      defaultValue = "1000",
      description =
          "exactly-once checkpoint interval, ms; 0 takes no checkpoints (default ${DEFAULT-VALUE})")
  long checkpointIntervalMillis = 1000;

  @Option(
      names = "--warmup-runs",
      defaultValue = "0",
      description =
          "runs of the same job on the same cluster before the measured one, to warm the JIT up (default ${DEFAULT-VALUE})")
  int warmupRuns;

  int slots() {
    return parallelism != null ? parallelism : Runtime.getRuntime().availableProcessors();
  }

  Duration outOfOrderness() {
    return Duration.ofMillis(outOfOrdernessMillis);
  }

  Duration window() {
    return Duration.ofMillis(windowMillis);
  }

  Duration allowedLateness() {
    return Duration.ofMillis(allowedLatenessMillis);
  }

  /**
   * Runs the job {@code build} makes ({@link LocalFlink#measure}) and reports it. Its events are
   * the accumulator {@code events} (the source's count of what it emitted) or, when that is {@code
   * null}, {@code expected}.
   */
  JobReport run(
      String name, Consumer<StreamExecutionEnvironment> build, String events, long expected)
      throws Exception {
    int slots = slots();
    LocalFlink.Measured run =
        LocalFlink.measure(
            name,
            new LocalFlink.Setup(slots, stateBackend, Duration.ofMillis(checkpointIntervalMillis)),
            warmupRuns,
            build);
    return new JobReport(
        events == null ? expected : run.execution().<Long>getAccumulatorResult(events),
        run.execution().<Long>getAccumulatorResult(FiringTally.FIRINGS),
        run.execution().<Long>getAccumulatorResult(FiringTally.COUNTED),
        slots,
        outOfOrdernessMillis,
        run.jobMillis(),
        run.netRuntimeMillis(),
        run.graph().getCheckpointStatsSnapshot().getCounts().getNumberOfCompletedCheckpoints(),
        run.graph().getStateBackendName().orElse("unknown"));
  }
}
