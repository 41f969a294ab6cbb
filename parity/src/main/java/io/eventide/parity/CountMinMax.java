package io.eventide.parity;

import java.util.List;

/**
 * A full-window result: how many values a window holds and the smallest and largest of them.
 *
 * @param count number of values
 * @param min smallest value
 * @param max largest value
 */
public record CountMinMax(long count, long min, long max) {
  /** The result over {@code values}, which must not be empty (a firing window never is). */
  public static CountMinMax of(List<Long> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("a firing window holds at least one value");
    }
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (long value : values) {
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    return new CountMinMax(values.size(), min, max);
  }
}
