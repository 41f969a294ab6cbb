package io.eventide.benchmarks.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole job on a real MiniCluster over a small file, in both of the benchmark's setups. */
class WindowedCountJobTest {

  @TempDir Path dir;

  private static final int EVENTS = 4_000;

  @Test
  void countsEveryEventOnceWithOneFiringPerKeyAndWindow() throws Exception {
    Path file = dir.resolve("events.ndjson");
    // Over 64 KiB, so that lines straddle the source's read buffer; the disorder stays within the
    // watermark's bound, so nothing is late and the firings are the distinct (key, window) pairs.
    Set<String> pairs = write(file, EVENTS, 50, 40);
    WindowedCountJob job = job(file);
    job.options.checkpointIntervalMillis = 1000;
    JobReport report = job.run();

    assertThat(Files.size(file)).isGreaterThan(64 * 1024);
    assertThat(report.events()).isEqualTo(EVENTS);
    assertThat(report.counted()).isEqualTo(EVENTS);
    assertThat(report.firings()).isEqualTo(pairs.size());
    assertThat(report.stateBackend()).isEqualTo("EmbeddedRocksDBStateBackend");
    assertThat(report.toJson()).startsWith("{\"system\":\"flink\",\"events\":4000,");
  }

  /**
   * Flink's fastest setup, the reference issue 23 names beside RocksDB: heap state, no checkpoints,
   * and windows that keep their state 500 ms past their end. Nothing in the file is late, so the
   * firings are the same.
   */
  @Test
  void countsTheSameWithHeapStateWithoutCheckpointsAndWithAllowedLateness() throws Exception {
    Path file = dir.resolve("events.ndjson");
    Set<String> pairs = write(file, EVENTS, 50, 40);
    WindowedCountJob job = job(file);
    job.options.stateBackend = LocalFlink.HASHMAP;
    job.options.checkpointIntervalMillis = 0;
    job.options.allowedLatenessMillis = 500;
    JobReport report = job.run();

    assertThat(report.counted()).isEqualTo(EVENTS);
    assertThat(report.firings()).isEqualTo(pairs.size());
    assertThat(report.stateBackend()).isEqualTo("HashMapStateBackend");
    assertThat(report.checkpoints()).isZero();
  }

  /** The job over {@code file}: 1 s windows, 40 ms of out-of-orderness, 2 slots. */
  private static WindowedCountJob job(Path file) {
    WindowedCountJob job = new WindowedCountJob();
    job.input = file;
    job.options.outOfOrdernessMillis = 40;
    job.options.windowMillis = 1000;
    job.options.parallelism = 2;
    return job;
  }

  /**
   * Events 2 ms apart over keys k0..k(keys-1), each up to {@code disorder} ms early; returns (key,
   * window) pairs.
   */
  private static Set<String> write(Path file, int events, int keys, int disorder)
      throws IOException {
    Random random = new Random(11);
    Set<String> pairs = new HashSet<>();
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < events; i++) {
        int key = random.nextInt(keys);
        long time = 1_700_000_000_000L + 2L * i - random.nextInt(disorder + 1);
        pairs.add(key + "@" + Math.floorDiv(time, 1000));
        out.write(
            "{\"target\":\"bench/window-count/k"
                + key
                + "\",\"eventTime\":"
                + time
                + ",\"payload\":1}\n");
      }
    }
    return pairs;
  }
}
