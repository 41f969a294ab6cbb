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

/** The whole job on a real MiniCluster with RocksDB and checkpoints, over a small file. */
class WindowedCountJobTest {

  @TempDir Path dir;

  @Test
  void countsEveryEventOnceWithOneFiringPerKeyAndWindow() throws Exception {
    Path file = dir.resolve("events.ndjson");
    // Over 64 KiB, so that lines straddle the source's read buffer; the disorder stays within the
    // watermark's bound, so nothing is late and the firings are the distinct (key, window) pairs.
    int events = 4_000;
    Set<String> pairs = write(file, events, 50, 40);

    WindowedCountJob job = new WindowedCountJob();
    job.input = file;
    job.options.outOfOrdernessMillis = 40;
    job.options.windowMillis = 1000;
    job.options.parallelism = 2;
    job.options.checkpointIntervalMillis = 1000;
    JobReport report = job.run();

    assertThat(Files.size(file)).isGreaterThan(64 * 1024);
    assertThat(report.events()).isEqualTo(events);
    assertThat(report.counted()).isEqualTo(events);
    assertThat(report.firings()).isEqualTo(pairs.size());
    assertThat(report.stateBackend()).isEqualTo("EmbeddedRocksDBStateBackend");
    assertThat(report.toJson()).startsWith("{\"system\":\"flink\",\"events\":4000,");
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
