package io.eventide.sdk.windows;

import io.eventide.sdk.Address;
import io.eventide.sdk.AggregateFunction;
import io.eventide.sdk.Message;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.Type;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.WindowFunction;
import io.eventide.sdk.WindowedFunctionSpec;

/**
 * A summing windowed function whose firings read "key start end result" in the egress {@value
 * #FIRED}.
 */
final class WindowFixtures {
  static final String FIRED = "fired";
  static final String LATE = "late";
  static final TypeName TYPE = TypeName.of("test", "sums");
  static final Address A = Address.of("test", "sums", "a");
  static final Address B = Address.of("test", "sums", "b");

  static final AggregateFunction<Long, Long> SUM =
      new AggregateFunction<>() {
        @Override
        public Long createAccumulator() {
          return 0L;
        }

        @Override
        public Long add(Message message, Long accumulator) {
          return accumulator + message.as(Types.LONG);
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
      };

  static final WindowFunction<Long> EMIT =
      (context, window, result) ->
          context.egress(
              FIRED,
              Types.STRING,
              context.self().id() + " " + window.start() + " " + window.end() + " " + result);

  /** Side output: "key eventTime value". */
  static final StatefulFunction LATE_OUTPUT =
      (context, message) ->
          context.egress(
              LATE,
              Types.STRING,
              context.self().id() + " " + message.eventTime() + " " + message.as(Types.LONG));

  private WindowFixtures() {}

  static WindowedFunctionSpec.Builder<Long, Long> sums() {
    return WindowedFunctionSpec.builder(TYPE).aggregate(SUM, EMIT);
  }
}
