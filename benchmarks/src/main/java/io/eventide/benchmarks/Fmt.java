package io.eventide.benchmarks;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/** Number formatting for summary lines. */
final class Fmt {

  private Fmt() {}

  /** {@code 312000.4} → {@code 312,000}. */
  static String rate(double perSecond) {
    return String.format(Locale.ROOT, "%,d", Math.round(perSecond));
  }

  /** Microseconds as milliseconds with a precision that suits the magnitude. */
  static String millis(long micros) {
    double ms = micros / 1000.0;
    if (ms < 10) {
      return String.format(Locale.ROOT, "%.2f ms", ms);
    }
    if (ms < 100) {
      return String.format(Locale.ROOT, "%.1f ms", ms);
    }
    return String.format(Locale.ROOT, "%d ms", Math.round(ms));
  }

  /**
   * Latency percentiles of a histogram in microseconds: {@code p50 .., p90 .., p99 .., p999 .., max
   * ..}.
   */
  static String percentiles(Histogram h) {
    return "p50 "
        + millis(h.getValueAtPercentile(50))
        + ", p90 "
        + millis(h.getValueAtPercentile(90))
        + ", p99 "
        + millis(h.getValueAtPercentile(99))
        + ", p999 "
        + millis(h.getValueAtPercentile(99.9))
        + ", max "
        + millis(h.getMaxValue());
  }

  static double perSecond(long count, long nanos) {
    return nanos <= 0 ? 0 : count * 1e9 / nanos;
  }

  static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }
}
