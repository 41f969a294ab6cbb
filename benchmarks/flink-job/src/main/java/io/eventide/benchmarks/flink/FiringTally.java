package io.eventide.benchmarks.flink;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.sink.RichSinkFunction;

/**
 * The job's sink: counts window firings ({@value #FIRINGS}) and adds up their counts ({@value
 * #COUNTED}); both reach the job's result as accumulators, and the benchmark checks that every
 * event was counted exactly once.
 *
 * <p>A {@code SinkFunction} although Flink 1.20 deprecates them: accumulators are registered
 * through a rich function's runtime context, which the writers of the new {@code Sink} API do not
 * have.
 */
@SuppressWarnings("deprecation")
final class FiringTally extends RichSinkFunction<WindowCount> {

  static final String FIRINGS = "firings";
  static final String COUNTED = "counted";

  private static final long serialVersionUID = 1L;

  private transient LongCounter firings;
  private transient LongCounter counted;

  @Override
  public void open(OpenContext openContext) {
    firings = getRuntimeContext().getLongCounter(FIRINGS);
    counted = getRuntimeContext().getLongCounter(COUNTED);
  }

  @Override
  public void invoke(WindowCount value, Context context) {
    firings.add(1);
    counted.add(value.count);
  }
}
