package io.eventide.benchmarks.flink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

/**
 * The CEP benchmark's dataflow, the Flink twin of the JSON pattern {@code benchmarks/cep.sh} puts
 * on a node: the file read and parsed by one task in file order with bounded-out-of-orderness
 * watermarks (as one Eventide source), keyed by the target's id, then {@code a followedBy b
 * followedBy c within W} with {@code skipPastLastEvent} in event time; each match is one firing of
 * {@link FiringTally}.
 */
final class CepPipeline {
  private CepPipeline() {}

  /** One line: its key, event time and {@code payload.kind}. A Flink POJO. */
  public static final class CepEvent {
    public String key;
    public long eventTime;
    public String kind;

    public CepEvent() {}
  }

  @SuppressWarnings("deprecation") // the SourceFunction API, as WindowedCountPipeline
  static void build(
      StreamExecutionEnvironment env, Path input, Duration outOfOrderness, Duration within) {
    DataStream<CepEvent> events =
        env.addSource(new NdjsonFileSource(input), "ndjson-file")
            .setParallelism(1)
            .map(new Parse())
            .name("parse")
            .setParallelism(1)
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<CepEvent>forBoundedOutOfOrderness(outOfOrderness)
                    .withTimestampAssigner((event, previous) -> event.eventTime))
            .name("watermarks")
            .setParallelism(1);
    Pattern<CepEvent, ?> pattern =
        Pattern.<CepEvent>begin("a", AfterMatchSkipStrategy.skipPastLastEvent())
            .where(kind("a"))
            .followedBy("b")
            .where(kind("b"))
            .followedBy("c")
            .where(kind("c"))
            .within(within);
    CEP.pattern(events.keyBy(event -> event.key), pattern)
        .inEventTime()
        .process(new ToFiring())
        .name("cep")
        .addSink(new FiringTally())
        .name("tally");
  }

  private static SimpleCondition<CepEvent> kind(String kind) {
    return new SimpleCondition<>() {
      private static final long serialVersionUID = 1L;

      @Override
      public boolean filter(CepEvent event) {
        return kind.equals(event.kind);
      }
    };
  }

  /** A match as a firing that counts its events. */
  static final class ToFiring extends PatternProcessFunction<CepEvent, WindowCount> {
    private static final long serialVersionUID = 1L;

    @Override
    public void processMatch(
        Map<String, List<CepEvent>> match, Context ctx, Collector<WindowCount> out) {
      CepEvent first = match.get("a").get(0);
      out.collect(new WindowCount(first.key, first.eventTime, ctx.timestamp(), match.size()));
    }
  }

  /** {@code {"target":"ns/type/id","eventTime":ms,"payload":{"kind":"a",...}}} → a CepEvent. */
  static final class Parse implements MapFunction<String, CepEvent> {
    private static final long serialVersionUID = 1L;
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public CepEvent map(String line) throws IOException {
      CepEvent event = new CepEvent();
      try (JsonParser parser = JSON.createParser(line)) {
        parser.nextToken();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String field = parser.currentName();
          parser.nextToken();
          switch (field) {
            case "target" -> event.key = idOf(parser.getText());
            case "eventTime" -> event.eventTime = parser.getLongValue();
            case "payload" -> {
              while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (name.equals("kind")) {
                  event.kind = parser.getText();
                } else {
                  parser.skipChildren();
                }
              }
            }
            default -> parser.skipChildren();
          }
        }
      }
      return event;
    }

    /** {@code ns/type/id} → {@code id}, which may itself contain slashes. */
    private static String idOf(String target) {
      return target.substring(target.indexOf('/', target.indexOf('/') + 1) + 1);
    }
  }
}
