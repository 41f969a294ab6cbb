package io.eventide.benchmarks.flink;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * The benchmark's dataflow, the Flink twin of Eventide's {@code bench/window-count} fed by one
 * ingress source: the file is read and parsed by one task in file order (as one Eventide source
 * receives its requests one after another), timestamps and bounded-out-of-orderness watermarks are
 * assigned there, then events are keyed by id into tumbling event-time windows counted
 * incrementally (their state kept {@code allowedLateness} past their end), and every firing goes to
 * a {@link FiringTally}.
 *
 * <pre>{@code
 * WindowedCountPipeline.build(env, Path.of("events.ndjson"), Duration.ofMillis(100),
 *     Duration.ofSeconds(1), Duration.ZERO);
 * }</pre>
 */
final class WindowedCountPipeline {

  private WindowedCountPipeline() {}

  // The reference is the SourceFunction API the measured Flink version still runs (deprecated for
  // FLIP-27 sources, which would need the files connector for the same one-file read).
  @SuppressWarnings("deprecation")
  static void build(
      StreamExecutionEnvironment env,
      Path input,
      Duration outOfOrderness,
      Duration window,
      Duration allowedLateness) {
    DataStream<Event> events =
        env.addSource(new NdjsonFileSource(input), "ndjson-file")
            .setParallelism(1)
            .map(new ParseEvent())
            .name("parse")
            .setParallelism(1)
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<Event>forBoundedOutOfOrderness(outOfOrderness)
                    .withTimestampAssigner((event, previous) -> event.eventTime))
            .name("watermarks")
            .setParallelism(1);
    events
        .keyBy(event -> event.key)
        .window(TumblingEventTimeWindows.of(window))
        .allowedLateness(allowedLateness)
        .aggregate(new CountEvents(), new EmitWindow())
        .name("window-count")
        .addSink(new FiringTally())
        .name("tally");
  }
}
