package io.eventide.parity.cep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.PatternStream;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.functions.TimedOutPartialMatchHandler;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.SinkFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Runs every case's stream through Flink CEP 1.20 in one job on a local MiniCluster: per case a
 * parallelism-1 source, per-event bounded-out-of-orderness watermarks, keyBy the event's key, the
 * case's pattern in event time, late data and time-outs to side outputs. Returns each case's lines
 * {@code key\tkind\ttext}, in the order each output produced them.
 */
final class FlinkCep {
  private static final Map<String, List<String>> LINES = new ConcurrentHashMap<>();

  private FlinkCep() {}

  static Map<String, List<String>> run(Map<CepCase, List<CepStream.Timed>> cases) throws Exception {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
    for (Map.Entry<CepCase, List<CepStream.Timed>> entry : cases.entrySet()) {
      pipeline(env, entry.getKey(), entry.getValue());
      LINES.put(entry.getKey().id(), new CopyOnWriteArrayList<>());
    }
    env.execute("eventide-cep-parity");
    Map<String, List<String>> result = new java.util.HashMap<>();
    cases.keySet().forEach(c -> result.put(c.id(), new ArrayList<>(LINES.remove(c.id()))));
    return result;
  }

  @SuppressWarnings("deprecation") // SinkFunction: the simplest in-JVM sink per output
  private static void pipeline(
      StreamExecutionEnvironment env, CepCase c, List<CepStream.Timed> stream) {
    List<Tuple2<String, Long>> input = new ArrayList<>();
    stream.forEach(e -> input.add(Tuple2.of(e.value(), e.timestamp())));
    DataStream<String> events =
        env.fromData(input)
            .setParallelism(1)
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<Tuple2<String, Long>>forGenerator(ctx -> new PerEvent())
                    .withTimestampAssigner((e, previous) -> e.f1))
            .setParallelism(1)
            .map(e -> e.f0)
            .returns(Types.STRING)
            .setParallelism(1);
    OutputTag<String> late = new OutputTag<>("late", Types.STRING);
    OutputTag<String> timedOut = new OutputTag<>("timeout", Types.STRING);
    PatternStream<String> patterns =
        CEP.pattern(events.keyBy(CepCase::key, Types.STRING), FlinkPatterns.build(c))
            .inEventTime()
            .sideOutputLateData(late);
    SingleOutputStreamOperator<String> matches = patterns.process(new Emit(timedOut));
    String id = c.id();
    matches.addSink(new Collect(id, "match")).setParallelism(1);
    matches.getSideOutput(timedOut).addSink(new Collect(id, "timeout")).setParallelism(1);
    matches.getSideOutput(late).addSink(new Collect(id, "late")).setParallelism(1);
  }

  /** Flink's bounded-out-of-orderness watermark after every event, as the Eventide run. */
  static final class PerEvent implements WatermarkGenerator<Tuple2<String, Long>> {
    private long max = Long.MIN_VALUE + CepStream.BOUND + 1;

    @Override
    public void onEvent(Tuple2<String, Long> event, long timestamp, WatermarkOutput output) {
      max = Math.max(max, timestamp);
      output.emitWatermark(new Watermark(max - CepStream.BOUND - 1));
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      // Every watermark went out with its event.
    }
  }

  /** Matches to the main output, time-outs to a side output, as lines. */
  static final class Emit extends PatternProcessFunction<String, String>
      implements TimedOutPartialMatchHandler<String> {
    private static final long serialVersionUID = 1L;
    private final OutputTag<String> timedOut;

    Emit(OutputTag<String> timedOut) {
      this.timedOut = timedOut;
    }

    @Override
    public void processMatch(Map<String, List<String>> match, Context ctx, Collector<String> out) {
      out.collect(key(match) + "\t" + ctx.timestamp() + " " + CepCase.format(match));
    }

    @Override
    public void processTimedOutMatch(Map<String, List<String>> match, Context ctx) {
      ctx.output(timedOut, key(match) + "\t" + ctx.timestamp() + " " + CepCase.format(match));
    }

    private static String key(Map<String, List<String>> match) {
      return CepCase.key(match.values().iterator().next().get(0));
    }
  }

  /** Appends a case's lines of one kind in this JVM, where the MiniCluster runs. */
  @SuppressWarnings("deprecation")
  static final class Collect implements SinkFunction<String> {
    private static final long serialVersionUID = 1L;
    private final String id;
    private final String kind;

    Collect(String id, String kind) {
      this.id = id;
      this.kind = kind;
    }

    @Override
    public void invoke(String line, Context context) {
      if (kind.equals("late")) {
        LINES.get(id).add(CepCase.key(line) + "\tlate\t" + line);
      } else {
        int tab = line.indexOf('\t');
        LINES.get(id).add(line.substring(0, tab) + "\t" + kind + "\t" + line.substring(tab + 1));
      }
    }
  }
}
