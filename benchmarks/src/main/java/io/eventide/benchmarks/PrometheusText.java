package io.eventide.benchmarks;

import java.util.OptionalLong;

/** Just enough of the Prometheus text exposition format to read one counter. */
final class PrometheusText {

  private PrometheusText() {}

  /**
   * Sum of all samples of {@code metric} (any labels), or empty when it is absent. Sample lines are
   * {@code name{labels} value [timestamp]}; comments start with {@code #}.
   */
  static OptionalLong sum(String text, String metric) {
    double total = 0;
    boolean found = false;
    for (String line : text.split("\n")) {
      if (!line.startsWith(metric)) {
        continue;
      }
      String rest = line.substring(metric.length());
      if (!rest.startsWith("{") && !rest.startsWith(" ")) {
        continue; // a longer name that merely starts the same
      }
      int labelsEnd = rest.startsWith("{") ? rest.lastIndexOf('}') + 1 : 0;
      String[] fields = rest.substring(labelsEnd).trim().split("\\s+");
      total += Double.parseDouble(fields[0]);
      found = true;
    }
    return found ? OptionalLong.of(Math.round(total)) : OptionalLong.empty();
  }
}
