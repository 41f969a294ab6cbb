package io.eventide.deploy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The stream of {@link BackupRestoreIT}: NDJSON lines, each with its own idempotency key, to three
 * example functions, and what they must add up to. Event time moves one millisecond a line, so
 * {@code bench/window-count}'s one-second windows fire all along the stream:
 *
 * <ul>
 *   <li>every 100th line: {@code example/reminder/r<i>}, a processing-time timer of 50 ms that
 *       writes {@code reminder r<i>} to the {@code reminders} egress once;
 *   <li>other even lines: {@code bench/window-count/w<n>}, one of {@link #WINDOW_KEYS} keys;
 *   <li>odd lines: {@code bench/count/k<n>} with payload 1, one of {@link #COUNT_KEYS} counters.
 * </ul>
 */
final class BackupWorkload {
  static final long T0 = 1_700_000_000_000L;
  static final int WINDOW_KEYS = 8;
  static final int COUNT_KEYS = 16;

  private final int events;

  BackupWorkload(int events) {
    this.events = events;
  }

  int events() {
    return events;
  }

  /** Lines {@code [from, to)}, each ending in a newline. */
  byte[] lines(int from, int to) {
    StringBuilder text = new StringBuilder((to - from) * 120);
    for (int i = from; i < to; i++) {
      text.append("{\"target\":\"")
          .append(target(i))
          .append("\",\"eventTime\":")
          .append(T0 + i)
          .append(",\"payload\":")
          .append(i % 100 == 0 ? 50 : 1)
          .append(",\"idempotencyKey\":\"line-")
          .append(i)
          .append("\"}\n");
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String target(int i) {
    if (i % 100 == 0) {
      return "example/reminder/r" + i;
    }
    if (i % 2 == 0) {
      return "bench/window-count/w" + (i / 2) % WINDOW_KEYS;
    }
    return "bench/count/k" + (i / 2) % COUNT_KEYS;
  }

  /** Each counter's total. */
  Map<String, Long> counts() {
    Map<String, Long> counts = new TreeMap<>();
    for (int i = 1; i < events; i += 2) {
      counts.merge("k" + (i / 2) % COUNT_KEYS, 1L, Long::sum);
    }
    return counts;
  }

  /** Each window's count, by {@code key@start}. */
  Map<String, Long> windows() {
    Map<String, Long> windows = new TreeMap<>();
    for (int i = 0; i < events; i += 2) {
      if (i % 100 != 0) {
        long start = (T0 + i) - Math.floorMod(T0 + i, 1000L);
        windows.merge("w" + (i / 2) % WINDOW_KEYS + "@" + start, 1L, Long::sum);
      }
    }
    return windows;
  }

  /** The reminders' egress records. */
  Set<String> reminders() {
    Set<String> reminders = new TreeSet<>();
    for (int i = 0; i < events; i += 100) {
      reminders.add("reminder r" + i);
    }
    return reminders;
  }
}
