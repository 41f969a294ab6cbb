package io.eventide.parity;

import io.eventide.sdk.Message;
import io.eventide.sdk.ProcessWindowFunction;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.Type;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.WindowFunction;
import io.eventide.sdk.WindowedFunctionSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the windowed function type of one configuration in one lane. Every firing goes to the
 * egress {@link ParityConfig#caseName}, every late message to {@link ParityConfig#lateEgress}, both
 * as JSON ({@link Firing}, {@link LateRecord}); payloads are JSON integers.
 */
final class ParityFunctions {
  private static final Type<Firing> FIRING = Types.json(Firing.class);
  private static final Type<LateRecord> LATE = Types.json(LateRecord.class);

  private ParityFunctions() {}

  static WindowedFunctionSpec<?, ?> spec(ParityConfig config, Lane lane) {
    String egress = config.caseName(lane);
    String lateEgress = config.lateEgress(lane);
    WindowedFunctionSpec.Builder<Void, Void> builder =
        WindowedFunctionSpec.builder(TypeName.of(ParityConfig.NAMESPACE, config.caseName(lane)))
            .window(config.window().assigner())
            .allowedLateness(Duration.ofMillis(config.latenessMillis()))
            .onLateMessage(lateTo(lateEgress));
    if (config.result().incremental()) {
      return builder.aggregate(new CountSumAggregate(), firingTo(egress)).build();
    }
    return builder.process(bufferedTo(egress, config.result())).build();
  }

  private static WindowFunction<Object> firingTo(String egress) {
    return (context, window, result) ->
        context.egress(
            egress, FIRING, new Firing(context.self().id(), window.start(), window.end(), result));
  }

  private static ProcessWindowFunction bufferedTo(String egress, ResultKind kind) {
    return (context, window, messages) -> {
      List<Long> values = new ArrayList<>(messages.size());
      for (Message message : messages) {
        values.add(message.as(Types.LONG));
      }
      context.egress(
          egress,
          FIRING,
          new Firing(context.self().id(), window.start(), window.end(), kind.of(values)));
    };
  }

  private static StatefulFunction lateTo(String egress) {
    return (context, message) ->
        context.egress(
            egress,
            LATE,
            new LateRecord(context.self().id(), message.eventTime(), message.as(Types.LONG)));
  }
}
