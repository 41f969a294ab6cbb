package io.eventide.benchmarks.flink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.runtime.executiongraph.ArchivedExecutionGraph;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The configuration of the benchmark's Flink: one MiniCluster with one TaskManager of {@code
 * parallelism} slots, everything bound to 127.0.0.1, a state backend (by default RocksDB, {@code
 * EmbeddedRocksDBStateBackend}, with full checkpoints to the local file system, exactly-once at a
 * fixed interval; or heap state without checkpoints, Flink at its fastest and without durability),
 * and no restarts (a failure must fail the run, not retry it).
 */
final class LocalFlink {

  /** The RocksDB state backend's name in Flink's configuration. */
  static final String ROCKSDB = "rocksdb";

  /** The heap state backend's name in Flink's configuration. */
  static final String HASHMAP = "hashmap";

  private static final String LOOPBACK = "127.0.0.1";

  private LocalFlink() {}

  /**
   * The cluster's slots (the jobs' parallelism), state backend ({@link #ROCKSDB} or {@link
   * #HASHMAP}) and checkpoint interval (zero: no checkpoints).
   */
  record Setup(int slots, String stateBackend, Duration checkpointInterval) {
    Setup {
      if (!stateBackend.equals(ROCKSDB) && !stateBackend.equals(HASHMAP)) {
        throw new IllegalArgumentException(
            "state backend " + stateBackend + " is neither " + ROCKSDB + " nor " + HASHMAP);
      }
      if (checkpointInterval.isNegative()) {
        throw new IllegalArgumentException("negative checkpoint interval " + checkpointInterval);
      }
    }
  }

  static Configuration configuration(Setup setup, Path workDir) {
    Configuration conf = new Configuration();
    conf.set(CoreOptions.DEFAULT_PARALLELISM, setup.slots());
    conf.set(StateBackendOptions.STATE_BACKEND, setup.stateBackend());
    if (!setup.checkpointInterval().isZero()) {
      conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
      conf.set(
          CheckpointingOptions.CHECKPOINTS_DIRECTORY,
          workDir.resolve("checkpoints").toUri().toString());
      conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, setup.checkpointInterval());
      conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
    }
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    // RocksDB's instance directories and spilled files: deleted with the work directory.
    conf.set(CoreOptions.TMP_DIRS, workDir.resolve("tmp").toString());
    conf.set(RestOptions.ADDRESS, LOOPBACK);
    conf.set(RestOptions.BIND_ADDRESS, LOOPBACK);
    conf.set(RestOptions.BIND_PORT, "0");
    conf.set(JobManagerOptions.ADDRESS, LOOPBACK);
    conf.set(JobManagerOptions.BIND_HOST, LOOPBACK);
    conf.set(TaskManagerOptions.HOST, LOOPBACK);
    conf.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
    return conf;
  }

  /** What {@link #measure} saw of the measured job. */
  record Measured(
      JobExecutionResult execution,
      ArchivedExecutionGraph graph,
      double jobMillis,
      long netRuntimeMillis) {}

  /**
   * Builds the job with {@code build} in a temporary work directory, starts a MiniCluster, runs the
   * job {@code warmupRuns} times unmeasured, then once measured from submission to result (the
   * JVM's and the cluster's start are not counted), and deletes the work directory.
   */
  // MiniCluster.close() may throw InterruptedException; an interrupted benchmark has nothing left
  // to do but fail.
  @SuppressWarnings("try")
  static Measured measure(
      String name, Setup setup, int warmupRuns, Consumer<StreamExecutionEnvironment> build)
      throws Exception {
    Path workDir = Files.createTempDirectory(name);
    try {
      Configuration conf = configuration(setup, workDir);
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
      env.setParallelism(setup.slots());
      build.accept(env);
      try (MiniCluster cluster = start(conf, setup.slots())) {
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
        return new Measured(
            result.toJobExecutionResult(LocalFlink.class.getClassLoader()),
            cluster.getArchivedExecutionGraph(id).get(),
            (end - start) / 1e6,
            result.getNetRuntime());
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

  static MiniCluster start(Configuration conf, int parallelism) throws Exception {
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(parallelism)
                .setCommonBindAddress(LOOPBACK)
                .build());
    cluster.start();
    return cluster;
  }
}
