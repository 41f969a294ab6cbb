package io.eventide.parity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.datastream.WindowedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.OutputTag;

/**
 * Runs streams through real Flink and returns what it fired: one job on a local MiniCluster in this
 * JVM (default heap state backend), one independent pipeline per configuration, all results
 * gathered as tagged lines by a {@link CollectingSink}. Each pipeline: the events in order from a
 * parallelism-1 source, per-event bounded-out-of-orderness watermarks ({@link PerEventWatermarks}),
 * keyBy key, the configuration's assigner, allowed lateness, late data to a side output, and the
 * configuration's aggregate or process function. The end of the bounded source is a {@code
 * Long.MAX_VALUE} watermark, which fires every window.
 */
final class FlinkOracle {
  private static final TypeInformation<Event> EVENT = TypeInformation.of(Event.class);

  private FlinkOracle() {}

  /** What Flink fires for each configuration's stream. */
  static Map<ParityConfig, Outcome> run(Map<ParityConfig, List<Event>> streams) throws Exception {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(1, configuration());
    DataStream<String> all = null;
    for (Map.Entry<ParityConfig, List<Event>> stream : streams.entrySet()) {
      DataStream<String> lines = pipeline(env, stream.getKey(), stream.getValue());
      all = all == null ? lines : all.union(lines);
    }
    if (all == null) {
      throw new IllegalArgumentException("no streams");
    }
    Map<ParityConfig, List<Outcome.Fired>> firings = new EnumMap<>(ParityConfig.class);
    Map<ParityConfig, List<LateRecord>> late = new EnumMap<>(ParityConfig.class);
    for (ParityConfig config : streams.keySet()) {
      firings.put(config, new ArrayList<>());
      late.put(config, new ArrayList<>());
    }
    CollectingSink sink = new CollectingSink();
    all.sinkTo(sink).name("collect").setParallelism(1);
    env.execute("eventide-parity-oracle");
    for (String text : sink.drain()) {
      String[] line = text.split("\t", 3);
      ParityConfig config = byId(line[0]);
      if (line[1].equals(FlinkFunctions.FIRING)) {
        firings.get(config).add(Outcome.parseFiring(line[2]));
      } else {
        late.get(config).add(Outcome.parseLate(line[2]));
      }
    }
    Map<ParityConfig, Outcome> outcomes = new EnumMap<>(ParityConfig.class);
    streams
        .keySet()
        .forEach(
            config -> outcomes.put(config, new Outcome(firings.get(config), late.get(config))));
    return outcomes;
  }

  private static DataStream<String> pipeline(
      StreamExecutionEnvironment env, ParityConfig config, List<Event> events) {
    OutputTag<Event> lateTag = lateTag(config.id());
    WindowedStream<Event, String, TimeWindow> windowed =
        windowed(
            env,
            config.id(),
            events,
            config.outOfOrdernessMillis(),
            config.window(),
            config.latenessMillis(),
            lateTag);
    SingleOutputStreamOperator<String> firings =
        config.result().incremental()
            ? windowed.aggregate(
                new FlinkFunctions.CountSumAggregate(),
                new FlinkFunctions.AggregateFiring(config),
                TypeInformation.of(CountSum.class),
                TypeInformation.of(CountSum.class),
                Types.STRING)
            : windowed.process(new FlinkFunctions.BufferedFiring(config), Types.STRING);
    firings.name("windows " + config.id());
    DataStream<String> late =
        firings.getSideOutput(lateTag).map(new FlinkFunctions.LateLine(config), Types.STRING);
    return firings.union(late);
  }

  /** The side output of the late events of the pipeline {@code id}. */
  static OutputTag<Event> lateTag(String id) {
    return new OutputTag<>("late-" + id, EVENT);
  }

  /**
   * The events in order from a parallelism-1 source, per-event watermarks with bound {@code bound},
   * keyBy key, the assigner of {@code shape}, allowed lateness and late events to {@code lateTag}.
   */
  static WindowedStream<Event, String, TimeWindow> windowed(
      StreamExecutionEnvironment env,
      String id,
      List<Event> events,
      long bound,
      WindowShape shape,
      long latenessMillis,
      OutputTag<Event> lateTag) {
    WatermarkStrategy<Event> watermarks =
        WatermarkStrategy.<Event>forGenerator(context -> new PerEventWatermarks(bound))
            .withTimestampAssigner((event, previous) -> event.timestamp());
    return env.fromData(events, EVENT)
        .name("events " + id)
        .setParallelism(1)
        .assignTimestampsAndWatermarks(watermarks)
        .keyBy(Event::key, Types.STRING)
        .window(FlinkWindows.assigner(shape))
        .allowedLateness(Duration.ofMillis(latenessMillis))
        .sideOutputLateData(lateTag);
  }

  static Configuration configuration() {
    Configuration configuration = new Configuration();
    // Every type here must have a real serializer; a Kryo fallback would hide a mistake.
    configuration.set(PipelineOptions.GENERIC_TYPES, false);
    // Everything binds the loopback interface only.
    configuration.set(JobManagerOptions.ADDRESS, "127.0.0.1");
    configuration.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
    configuration.set(TaskManagerOptions.HOST, "127.0.0.1");
    configuration.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
    configuration.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    configuration.set(RestOptions.ADDRESS, "127.0.0.1");
    return configuration;
  }

  private static ParityConfig byId(String id) {
    for (ParityConfig config : ParityConfig.values()) {
      if (config.id().equals(id)) {
        return config;
      }
    }
    throw new IllegalStateException("unknown configuration in Flink's output: " + id);
  }
}
