package io.eventide.deploy.client;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code /metrics} answer (Prometheus text format) as values by series: {@code name} or {@code
 * name{label="value",...}} exactly as written. Comments, and lines that are not a series and a
 * number, are left out.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable once parsed.
 */
final class PromText {
  private final Map<String, Double> series;

  private PromText(Map<String, Double> series) {
    this.series = series;
  }

  static PromText parse(String text) {
    Map<String, Double> series = new HashMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      if (space <= 0) {
        continue;
      }
      try {
        series.put(line.substring(0, space).strip(), Double.parseDouble(line.substring(space + 1)));
      } catch (NumberFormatException e) {
        // not a sample line: skipped, as a scraper does
      }
    }
    return new PromText(series);
  }

  /** The value of the unlabelled series {@code name}, or NaN. */
  double value(String name) {
    return series.getOrDefault(name, Double.NaN);
  }

  /**
   * The series of {@code name} by the value of their label {@code label} (summed over their other
   * labels), in no particular order.
   */
  Map<String, Double> byLabel(String name, String label) {
    String prefix = name + "{";
    String key = label + "=\"";
    Map<String, Double> out = new LinkedHashMap<>();
    series.forEach(
        (series, value) -> {
          if (!series.startsWith(prefix)) {
            return;
          }
          int at = series.indexOf(key, prefix.length());
          if (at < 0) {
            return;
          }
          int start = at + key.length();
          int end = series.indexOf('"', start);
          if (end > start) {
            out.merge(series.substring(start, end), value, Double::sum);
          }
        });
    return out;
  }
}
