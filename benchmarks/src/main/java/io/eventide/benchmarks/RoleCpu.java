package io.eventide.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * CPU that other processes of this machine (the node, or each role of a cluster) used over a run,
 * read from {@code /proc/PID/stat}: a rate alone cannot say which process a gain or a loss came
 * from, and on shared cores CPU per event drifts less than the rate does.
 */
final class RoleCpu {
  /** USER_HZ, which Linux fixes at 100 for the clock ticks of /proc/PID/stat on every platform. */
  private static final double TICKS_PER_SECOND = 100;

  private final Map<String, Long> pids;
  private final Map<String, Long> start = new LinkedHashMap<>();

  /** Starts counting now. */
  RoleCpu(Map<String, Long> pids) {
    this.pids = pids;
    pids.forEach((name, pid) -> start.put(name, ticks(pid)));
  }

  /** For example {@code "cpu per event: gateway 3.10 µs, dispatcher 12.40 µs"}; empty if none. */
  String perEvent(long events) {
    if (pids.isEmpty()) {
      return "";
    }
    StringJoiner parts = new StringJoiner(", ", "cpu per event: ", "");
    long total = 0;
    for (Map.Entry<String, Long> e : pids.entrySet()) {
      long used = ticks(e.getValue()) - start.get(e.getKey());
      total += used;
      parts.add(e.getKey() + " " + micros(used, events));
    }
    parts.add("all " + micros(total, events));
    return parts.toString();
  }

  private static String micros(long ticks, long events) {
    return String.format(Locale.ROOT, "%.2f µs", ticks / TICKS_PER_SECOND * 1e6 / events);
  }

  /** utime + stime, fields 14 and 15, counted after the command name, which may hold spaces. */
  private static long ticks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the CPU of process " + pid, e);
    }
  }
}
