package io.eventide.examples;

import io.eventide.sdk.AggregateFunction;
import io.eventide.sdk.Message;
import io.eventide.sdk.Triggers;
import io.eventide.sdk.Type;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.WindowFunction;
import io.eventide.sdk.WindowedFunctionSpec;
import io.eventide.sdk.Windows;
import java.time.Duration;

/**
 * {@code bench/window-count}: counts the messages of each id in one-second tumbling event-time
 * windows and writes {@code {"key":..,"start":..,"end":..,"count":..}} to the {@code window-counts}
 * egress when the watermark passes a window's end. The windowed-counting benchmark ({@code
 * benchmarks/windowed.sh}) runs it side by side with the same Flink job.
 *
 * <pre>
 * curl -X POST localhost:7070/v1/ingress/clicks/events -H 'Content-Type: application/x-ndjson' --data-binary $'
 * {"target":"bench/window-count/alice","eventTime":1000,"payload":1}
 * {"target":"bench/window-count/alice","eventTime":1500,"payload":1}'
 * curl -X POST localhost:7070/v1/ingress/clicks/watermark -d '{"watermark": 9223372036854775807}'
 * # GET /v1/egress/window-counts then shows {"key":"alice","start":1000,"end":2000,"count":2}
 * </pre>
 */
public final class WindowCount {
  /** The function type. */
  public static final TypeName TYPE = TypeName.of("bench", "window-count");

  /** The egress that receives one {@link Result} per firing. */
  public static final String EGRESS = "window-counts";

  /** What a firing writes to {@link #EGRESS}. */
  public record Result(String key, long start, long end, long count) {
    /** Its JSON form. */
    public static final Type<Result> JSON = Types.json(Result.class);
  }

  /** The windowed function type: tumbling one-second windows, fired by event time. */
  public static final WindowedFunctionSpec<Long, Long> SPEC = spec(TYPE, EGRESS, Duration.ZERO);

  /**
   * The same function under another type and egress, so that the benchmark can warm a node's JIT up
   * without moving {@link #TYPE}'s watermark.
   */
  public static final TypeName WARMUP_TYPE = TypeName.of("bench", "window-warmup");

  /** The egress of {@link #WARMUP_TYPE}. */
  public static final String WARMUP_EGRESS = "window-warmup-counts";

  /** The warm-up twin of {@link #SPEC}. */
  public static final WindowedFunctionSpec<Long, Long> WARMUP_SPEC =
      spec(WARMUP_TYPE, WARMUP_EGRESS, Duration.ZERO);

  /** How long {@link #LATE_TYPE}'s windows keep their state past their end. */
  public static final Duration LATENESS = Duration.ofMillis(500);

  /**
   * {@code bench/window-count-late}: {@link #TYPE} with {@link #LATENESS} of allowed lateness, the
   * windowed configuration issue 23 measures against Flink. It writes to {@link #EGRESS} too.
   */
  public static final TypeName LATE_TYPE = TypeName.of("bench", "window-count-late");

  /** The windowed function type of {@link #LATE_TYPE}. */
  public static final WindowedFunctionSpec<Long, Long> LATE_SPEC =
      spec(LATE_TYPE, EGRESS, LATENESS);

  /** The warm-up twin of {@link #LATE_TYPE}, writing to {@link #WARMUP_EGRESS}. */
  public static final TypeName LATE_WARMUP_TYPE = TypeName.of("bench", "window-warmup-late");

  /** The windowed function type of {@link #LATE_WARMUP_TYPE}. */
  public static final WindowedFunctionSpec<Long, Long> LATE_WARMUP_SPEC =
      spec(LATE_WARMUP_TYPE, WARMUP_EGRESS, LATENESS);

  private WindowCount() {}

  private static WindowedFunctionSpec<Long, Long> spec(
      TypeName type, String egress, Duration allowedLateness) {
    return WindowedFunctionSpec.builder(type)
        .window(Windows.tumbling(Duration.ofSeconds(1)))
        .trigger(Triggers.eventTime())
        .allowedLateness(allowedLateness)
        .aggregate(new CountMessages(), emit(egress))
        .build();
  }

  private static WindowFunction<Long> emit(String egress) {
    return (context, window, count) ->
        context.egress(
            egress,
            Result.JSON,
            new Result(context.self().id(), window.start(), window.end(), count));
  }

  /** Counts messages, whatever their payload. */
  static final class CountMessages implements AggregateFunction<Long, Long> {
    @Override
    public Long createAccumulator() {
      return 0L;
    }

    @Override
    public Long add(Message message, Long accumulator) {
      return accumulator + 1;
    }

    @Override
    public Long merge(Long a, Long b) {
      return a + b;
    }

    @Override
    public Long getResult(Long accumulator) {
      return accumulator;
    }

    @Override
    public Type<Long> accumulatorType() {
      return Types.LONG;
    }
  }
}
