package io.eventide.parity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.datastream.WindowedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.functions.windowing.delta.DeltaFunction;
import org.apache.flink.streaming.api.windowing.evictors.CountEvictor;
import org.apache.flink.streaming.api.windowing.evictors.DeltaEvictor;
import org.apache.flink.streaming.api.windowing.evictors.Evictor;
import org.apache.flink.streaming.api.windowing.evictors.TimeEvictor;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The Flink side of {@link EvictorParityTest}: one job, one pipeline per {@link EvictorCase}, built
 * as {@link FlinkOracle} builds its own (per-event watermarks, keyBy, assigner, allowed lateness,
 * late side output), plus Flink's {@code CountEvictor}, {@code TimeEvictor} or {@code DeltaEvictor}
 * and a process function using {@code windowState()} and {@code globalState()}.
 */
final class FlinkEvictors {
  private FlinkEvictors() {}

  /** What Flink fires and finds late for each case's stream, by case id. */
  static Map<String, Outcome> run(Map<EvictorCase, List<Event>> streams) throws Exception {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(1, FlinkOracle.configuration());
    DataStream<String> all = null;
    for (Map.Entry<EvictorCase, List<Event>> stream : streams.entrySet()) {
      DataStream<String> lines = pipeline(env, stream.getKey(), stream.getValue());
      all = all == null ? lines : all.union(lines);
    }
    if (all == null) {
      throw new IllegalArgumentException("no streams");
    }
    CollectingSink sink = new CollectingSink();
    all.sinkTo(sink).name("collect").setParallelism(1);
    env.execute("eventide-evictor-parity");
    Map<String, List<Outcome.Fired>> firings = new HashMap<>();
    Map<String, List<LateRecord>> late = new HashMap<>();
    for (EvictorCase c : streams.keySet()) {
      firings.put(c.id(), new ArrayList<>());
      late.put(c.id(), new ArrayList<>());
    }
    for (String text : sink.drain()) {
      String[] line = text.split("\t", 3);
      if (line[1].equals(FlinkFunctions.FIRING)) {
        firings.get(line[0]).add(Outcome.parseFiring(line[2]));
      } else {
        late.get(line[0]).add(Outcome.parseLate(line[2]));
      }
    }
    Map<String, Outcome> outcomes = new HashMap<>();
    firings.forEach((id, fired) -> outcomes.put(id, new Outcome(fired, late.get(id))));
    return outcomes;
  }

  private static DataStream<String> pipeline(
      StreamExecutionEnvironment env, EvictorCase c, List<Event> events) {
    OutputTag<Event> lateTag = FlinkOracle.lateTag(c.id());
    WindowedStream<Event, String, TimeWindow> windowed =
        FlinkOracle.windowed(
            env, c.id(), events, c.boundMillis(), c.window(), c.latenessMillis(), lateTag);
    if (c.evictor() != EvictorCase.Evicts.NONE) {
      windowed = windowed.evictor(evictor(c));
    }
    String id = c.id();
    SingleOutputStreamOperator<String> firings =
        switch (c.function()) {
          case VALUES_IN_ORDER -> windowed.process(new ValuesInOrder(id), Types.STRING);
          case COUNT_SUM ->
              windowed.aggregate(
                  new FlinkFunctions.CountSumAggregate(),
                  new CountSumFiring(id),
                  TypeInformation.of(CountSum.class),
                  TypeInformation.of(CountSum.class),
                  Types.STRING);
          case WINDOW_AND_GLOBAL_STATE -> windowed.process(new StateFiring(id), Types.STRING);
        };
    firings.name("windows " + id);
    DataStream<String> late =
        firings
            .getSideOutput(lateTag)
            .map(
                event ->
                    line(
                        id,
                        FlinkFunctions.LATE,
                        new LateRecord(event.key(), event.timestamp(), event.value())),
                Types.STRING);
    return firings.union(late);
  }

  private static Evictor<Object, TimeWindow> evictor(EvictorCase c) {
    return switch (c.evictor()) {
      case COUNT -> CountEvictor.of(c.parameter(), c.after());
      case TIME -> TimeEvictor.of(Duration.ofMillis(c.parameter()), c.after());
      case DELTA -> {
        DeltaFunction<Object> delta =
            (older, newest) -> EvictorCase.delta(((Event) older).value(), ((Event) newest).value());
        yield DeltaEvictor.of(c.parameter(), delta, c.after());
      }
      case NONE -> throw new IllegalArgumentException("no evictor in " + c);
    };
  }

  static String line(String id, String kind, Object record) {
    return id + "\t" + kind + "\t" + Outcome.write(record);
  }

  private static Firing firing(String key, TimeWindow window, Object result) {
    return new Firing(key, window.getStart(), window.getEnd(), result);
  }

  /** The values in the order the window hands them over. */
  static final class ValuesInOrder
      extends ProcessWindowFunction<Event, String, String, TimeWindow> {
    private static final long serialVersionUID = 1L;
    private final String id;

    ValuesInOrder(String id) {
      this.id = id;
    }

    @Override
    public void process(
        String key, Context context, Iterable<Event> events, Collector<String> out) {
      List<Long> values = new ArrayList<>();
      events.forEach(event -> values.add(event.value()));
      out.collect(line(id, FlinkFunctions.FIRING, firing(key, context.window(), values)));
    }
  }

  /** An aggregate's result. */
  static final class CountSumFiring
      extends ProcessWindowFunction<CountSum, String, String, TimeWindow> {
    private static final long serialVersionUID = 1L;
    private final String id;

    CountSumFiring(String id) {
      this.id = id;
    }

    @Override
    public void process(
        String key, Context context, Iterable<CountSum> results, Collector<String> out) {
      for (CountSum result : results) {
        out.collect(line(id, FlinkFunctions.FIRING, firing(key, context.window(), result)));
      }
    }
  }

  /** {@code [firings of this window, messages of this key, sum of this key]}. */
  static final class StateFiring extends ProcessWindowFunction<Event, String, String, TimeWindow> {
    private static final long serialVersionUID = 1L;
    private static final ValueStateDescriptor<Long> FIRINGS =
        new ValueStateDescriptor<>("firings", Types.LONG);
    private static final ValueStateDescriptor<Long> COUNT =
        new ValueStateDescriptor<>("count", Types.LONG);
    private static final ValueStateDescriptor<Long> SUM =
        new ValueStateDescriptor<>("sum", Types.LONG);
    private final String id;

    StateFiring(String id) {
      this.id = id;
    }

    @Override
    public void process(String key, Context context, Iterable<Event> events, Collector<String> out)
        throws Exception {
      ValueState<Long> firings = context.windowState().getState(FIRINGS);
      ValueState<Long> count = context.globalState().getState(COUNT);
      ValueState<Long> sum = context.globalState().getState(SUM);
      firings.update(orZero(firings.value()) + 1);
      long n = orZero(count.value());
      long total = orZero(sum.value());
      for (Event event : events) {
        n++;
        total += event.value();
      }
      count.update(n);
      sum.update(total);
      out.collect(
          line(
              id,
              FlinkFunctions.FIRING,
              firing(key, context.window(), List.of(firings.value(), n, total))));
    }

    @Override
    public void clear(Context context) {
      context.windowState().getState(FIRINGS).clear();
    }

    private static long orZero(Long value) {
      return value == null ? 0 : value;
    }
  }
}
