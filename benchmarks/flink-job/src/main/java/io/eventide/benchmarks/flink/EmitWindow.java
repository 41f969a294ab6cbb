package io.eventide.benchmarks.flink;

import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Turns a window's count into the record Eventide's window function writes: key, start, end, count.
 */
final class EmitWindow extends ProcessWindowFunction<Long, WindowCount, String, TimeWindow> {

  private static final long serialVersionUID = 1L;

  @Override
  public void process(
      String key, Context context, Iterable<Long> counts, Collector<WindowCount> out) {
    TimeWindow window = context.window();
    // An aggregate's window function sees exactly one element: the aggregate's result.
    out.collect(new WindowCount(key, window.getStart(), window.getEnd(), counts.iterator().next()));
  }
}
