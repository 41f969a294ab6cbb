package io.eventide.parity;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * The Flink twins of the Eventide functions in {@code ParityFunctions}, folding with the same
 * {@link CountSum} and {@link ResultKind} code. Each emits a tagged line {@code
 * <config>\t<F|L>\t<json>} so that one job can carry every configuration.
 */
final class FlinkFunctions {
  static final String FIRING = "F";
  static final String LATE = "L";

  private FlinkFunctions() {}

  static String line(ParityConfig config, String kind, Object record) {
    return config.id() + "\t" + kind + "\t" + Outcome.write(record);
  }

  /** Count and sum, incrementally. */
  static final class CountSumAggregate implements AggregateFunction<Event, CountSum, CountSum> {
    private static final long serialVersionUID = 1L;

    @Override
    public CountSum createAccumulator() {
      return CountSum.EMPTY;
    }

    @Override
    public CountSum add(Event event, CountSum accumulator) {
      return accumulator.add(event.value());
    }

    @Override
    public CountSum getResult(CountSum accumulator) {
      return accumulator;
    }

    @Override
    public CountSum merge(CountSum a, CountSum b) {
      return a.merge(b);
    }
  }

  /** Emits an aggregate's result as a firing. */
  static final class AggregateFiring
      extends ProcessWindowFunction<CountSum, String, String, TimeWindow> {
    private static final long serialVersionUID = 1L;
    private final ParityConfig config;

    AggregateFiring(ParityConfig config) {
      this.config = config;
    }

    @Override
    public void process(
        String key, Context context, Iterable<CountSum> results, Collector<String> out) {
      TimeWindow window = context.window();
      for (CountSum result : results) {
        out.collect(
            line(config, FIRING, new Firing(key, window.getStart(), window.getEnd(), result)));
      }
    }
  }

  /** Computes a full-window result over the buffered events and emits it as a firing. */
  static final class BufferedFiring
      extends ProcessWindowFunction<Event, String, String, TimeWindow> {
    private static final long serialVersionUID = 1L;
    private final ParityConfig config;

    BufferedFiring(ParityConfig config) {
      this.config = config;
    }

    @Override
    public void process(
        String key, Context context, Iterable<Event> events, Collector<String> out) {
      List<Long> values = new ArrayList<>();
      events.forEach(event -> values.add(event.value()));
      TimeWindow window = context.window();
      out.collect(
          line(
              config,
              FIRING,
              new Firing(key, window.getStart(), window.getEnd(), config.result().of(values))));
    }
  }

  /** Emits a late event of the side output as a late record. */
  static final class LateLine implements MapFunction<Event, String> {
    private static final long serialVersionUID = 1L;
    private final ParityConfig config;

    LateLine(ParityConfig config) {
      this.config = config;
    }

    @Override
    public String map(Event event) {
      return line(config, LATE, new LateRecord(event.key(), event.timestamp(), event.value()));
    }
  }
}
