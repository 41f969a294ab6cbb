package io.eventide.benchmarks.flink;

import org.apache.flink.api.common.functions.AggregateFunction;

/** Counts the events of a window incrementally: the window's state is one long. */
final class CountEvents implements AggregateFunction<Event, Long, Long> {

  private static final long serialVersionUID = 1L;

  @Override
  public Long createAccumulator() {
    return 0L;
  }

  @Override
  public Long add(Event event, Long accumulator) {
    return accumulator + 1;
  }

  @Override
  public Long getResult(Long accumulator) {
    return accumulator;
  }

  @Override
  public Long merge(Long a, Long b) {
    return a + b;
  }
}
