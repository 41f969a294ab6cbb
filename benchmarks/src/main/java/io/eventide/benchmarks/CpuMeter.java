package io.eventide.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * CPU the generator itself used over a stretch of wall-clock time, so that a summary can say how
 * much of the machine the load generator took away from the node.
 */
final class CpuMeter {

  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final long cpuStart = os.getProcessCpuTime();
  private final long wallStart = System.nanoTime();

  /** For example {@code "generator cpu 12% of a core"}. */
  String summary() {
    long cpu = os.getProcessCpuTime() - cpuStart;
    long wall = System.nanoTime() - wallStart;
    return String.format(
        Locale.ROOT, "generator cpu %d%% of a core", Math.round(100.0 * cpu / wall));
  }
}
