package io.eventide.sdk;

/**
 * Folds the messages of a window into an accumulator, incrementally, so that a window keeps one
 * value instead of its messages (Flink's {@code AggregateFunction}, with a {@link Message} as
 * input). The accumulator is persisted with {@link #accumulatorType()}.
 *
 * <pre>{@code
 * AggregateFunction<Long, Long> sum = new AggregateFunction<>() {
 *   public Long createAccumulator() { return 0L; }
 *   public Long add(Message message, Long acc) { return acc + message.as(Types.LONG); }
 *   public Long merge(Long a, Long b) { return a + b; }
 *   public Long getResult(Long acc) { return acc; }
 *   public Type<Long> accumulatorType() { return Types.LONG; }
 * };
 * }</pre>
 *
 * @param <ACC> the accumulator
 * @param <OUT> the result handed to the {@link WindowFunction}
 */
public interface AggregateFunction<ACC, OUT> {
  /** A new, empty accumulator. */
  ACC createAccumulator();

  /** Adds a message; may update {@code accumulator} in place and return it. */
  ACC add(Message message, ACC accumulator);

  /** Merges two accumulators, when session windows merge. */
  ACC merge(ACC a, ACC b);

  /** The result of a window. */
  OUT getResult(ACC accumulator);

  /** How accumulators are persisted. */
  Type<ACC> accumulatorType();
}
