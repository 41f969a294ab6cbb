package io.eventide.benchmarks.flink;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/**
 * The configuration of the benchmark's Flink: one MiniCluster with one TaskManager of {@code
 * parallelism} slots, everything bound to 127.0.0.1, the RocksDB state backend ({@code
 * EmbeddedRocksDBStateBackend}) with full checkpoints to the local file system, exactly-once
 * checkpoints at a fixed interval, and no restarts (a failure must fail the run, not retry it).
 */
final class LocalFlink {

  private static final String LOOPBACK = "127.0.0.1";

  private LocalFlink() {}

  static Configuration configuration(int parallelism, Duration checkpointInterval, Path workDir) {
    Configuration conf = new Configuration();
    conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
    conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    conf.set(
        CheckpointingOptions.CHECKPOINTS_DIRECTORY,
        workDir.resolve("checkpoints").toUri().toString());
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
    conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
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
