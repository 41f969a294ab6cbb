package io.eventide.parity;

import io.eventide.sdk.AggregateFunction;
import io.eventide.sdk.Message;
import io.eventide.sdk.Type;
import io.eventide.sdk.Types;

/** Eventide's count-and-sum aggregate over messages whose payload is a JSON integer. */
final class CountSumAggregate implements AggregateFunction<CountSum, CountSum> {
  private static final Type<CountSum> TYPE = Types.json(CountSum.class);

  @Override
  public CountSum createAccumulator() {
    return CountSum.EMPTY;
  }

  @Override
  public CountSum add(Message message, CountSum accumulator) {
    return accumulator.add(message.as(Types.LONG));
  }

  @Override
  public CountSum merge(CountSum a, CountSum b) {
    return a.merge(b);
  }

  @Override
  public CountSum getResult(CountSum accumulator) {
    return accumulator;
  }

  @Override
  public Type<CountSum> accumulatorType() {
    return TYPE;
  }
}
