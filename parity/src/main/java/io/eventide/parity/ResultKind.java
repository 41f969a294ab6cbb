package io.eventide.parity;

import java.util.ArrayList;
import java.util.List;

/**
 * What a configuration's window function computes. {@link #COUNT_SUM} runs as an incremental
 * aggregate (accumulators are merged when sessions merge); the others run as full-window process
 * functions over the buffered values. The full-window results do not depend on the order in which a
 * window hands over its values, which neither system promises after merges.
 */
public enum ResultKind {
  /** Incremental aggregate: a {@link CountSum}. */
  COUNT_SUM,
  /** Process function: the window's values in ascending order, duplicates kept. */
  SORTED_VALUES,
  /** Process function: a {@link CountMinMax}. */
  COUNT_MIN_MAX;

  /** Whether this runs as an incremental aggregate rather than a process function. */
  public boolean incremental() {
    return this == COUNT_SUM;
  }

  /** The result over a window's values. */
  public Object of(List<Long> values) {
    return switch (this) {
      case COUNT_SUM -> values.stream().reduce(CountSum.EMPTY, CountSum::add, CountSum::merge);
      case SORTED_VALUES -> sorted(values);
      case COUNT_MIN_MAX -> CountMinMax.of(values);
    };
  }

  private static List<Long> sorted(List<Long> values) {
    List<Long> copy = new ArrayList<>(values);
    copy.sort(null);
    return copy;
  }
}
