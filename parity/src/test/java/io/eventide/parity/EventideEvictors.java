package io.eventide.parity;

import io.eventide.sdk.Address;
import io.eventide.sdk.Context;
import io.eventide.sdk.Evictor;
import io.eventide.sdk.Evictors;
import io.eventide.sdk.Message;
import io.eventide.sdk.TimeWindow;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;
import io.eventide.sdk.WindowFunction;
import io.eventide.sdk.WindowedFunctionSpec;
import io.eventide.sdk.testing.FunctionTestDriver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs an {@link EvictorCase}'s stream through Eventide's window operator in the {@link
 * FunctionTestDriver}, with the same per-event watermarks as the Flink job ({@link
 * PerEventWatermarks}) and end of input as a {@code Long.MAX_VALUE} watermark, and returns what it
 * fired and what it found late.
 */
final class EventideEvictors {
  private static final String FIRED = "fired";
  private static final String LATE = "late";
  private static final ValueSpec<Long> FIRINGS = ValueSpec.named("firings").withType(Types.LONG);
  private static final ValueSpec<Long> COUNT = ValueSpec.named("count").withType(Types.LONG);
  private static final ValueSpec<Long> SUM = ValueSpec.named("sum").withType(Types.LONG);

  private EventideEvictors() {}

  static Outcome run(EvictorCase c, List<Event> stream) {
    TypeName type = TypeName.of("parity", c.id());
    FunctionTestDriver driver =
        FunctionTestDriver.create().withMaxAttempts(1).register(spec(c, type));
    long max = Long.MIN_VALUE + c.boundMillis() + 1;
    long watermark = Long.MIN_VALUE;
    for (Event event : stream) {
      driver.send(
          Address.of("parity", c.id(), event.key()), Types.LONG, event.value(), event.timestamp());
      max = Math.max(max, event.timestamp());
      long next = max - c.boundMillis() - 1;
      if (next > watermark) {
        watermark = next;
        driver.advanceWatermark(watermark);
      }
    }
    driver.advanceWatermark(Long.MAX_VALUE);
    if (!driver.deadLetters().isEmpty()) {
      throw new IllegalStateException("dead letters in " + c + ": " + driver.deadLetters());
    }
    return new Outcome(
        driver.egress(FIRED, Types.STRING).stream().map(Outcome::parseFiring).toList(),
        driver.egress(LATE, Types.STRING).stream().map(Outcome::parseLate).toList());
  }

  static WindowedFunctionSpec<?, ?> spec(EvictorCase c, TypeName type) {
    WindowedFunctionSpec.Builder<Void, Void> builder =
        WindowedFunctionSpec.builder(type)
            .window(c.window().assigner())
            .allowedLateness(Duration.ofMillis(c.latenessMillis()))
            .onLateMessage(
                (context, message) ->
                    context.egress(
                        LATE,
                        Types.STRING,
                        Outcome.write(
                            new LateRecord(
                                context.self().id(),
                                message.eventTime(),
                                message.as(Types.LONG)))));
    if (c.evictor() != EvictorCase.Evicts.NONE) {
      builder.evictor(evictor(c));
    }
    return switch (c.function()) {
      case VALUES_IN_ORDER ->
          builder
              .process((context, window, messages) -> fire(context, window, values(messages)))
              .build();
      case COUNT_SUM -> builder.aggregate(new CountSumAggregate(), firing()).build();
      case WINDOW_AND_GLOBAL_STATE ->
          builder
              .processWithState(
                  (context, window, messages) -> {
                    long firings = window.windowState().get(FIRINGS).orElse(0L) + 1;
                    window.windowState().set(FIRINGS, firings);
                    long count = window.globalState().get(COUNT).orElse(0L) + messages.size();
                    window.globalState().set(COUNT, count);
                    long sum = window.globalState().get(SUM).orElse(0L);
                    for (long value : values(messages)) {
                      sum += value;
                    }
                    window.globalState().set(SUM, sum);
                    fire(context, window.window(), List.of(firings, count, sum));
                  })
              .build();
    };
  }

  private static WindowFunction<CountSum> firing() {
    return EventideEvictors::fire;
  }

  private static void fire(Context context, TimeWindow window, Object result) {
    context.egress(
        FIRED,
        Types.STRING,
        Outcome.write(new Firing(context.self().id(), window.start(), window.end(), result)));
  }

  private static Evictor evictor(EvictorCase c) {
    return switch (c.evictor()) {
      case COUNT -> Evictors.count(c.parameter(), c.after());
      case TIME -> Evictors.time(Duration.ofMillis(c.parameter()), c.after());
      case DELTA -> Evictors.delta(c.parameter(), Types.LONG, EvictorCase::delta, c.after());
      case NONE -> throw new IllegalArgumentException("no evictor in " + c);
    };
  }

  private static List<Long> values(List<Message> messages) {
    List<Long> values = new ArrayList<>(messages.size());
    for (Message message : messages) {
      values.add(message.as(Types.LONG));
    }
    return values;
  }
}
