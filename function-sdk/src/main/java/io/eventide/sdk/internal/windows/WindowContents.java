package io.eventide.sdk.internal.windows;

import io.eventide.sdk.AggregateFunction;
import io.eventide.sdk.Context;
import io.eventide.sdk.Message;
import io.eventide.sdk.ProcessWindowFunction;
import io.eventide.sdk.TimeWindow;
import io.eventide.sdk.WindowFunction;
import io.eventide.sdk.WindowedFunctionSpec;
import io.eventide.sdk.internal.IncomingMessage;
import java.util.List;

/**
 * How a window's contents grow, merge and are emitted: an incremental aggregate, or a buffer of
 * messages for a process function (Flink's aggregating and list window state).
 */
interface WindowContents {
  void add(WindowSlot slot, Message message);

  /** Flink's {@code mergeNamespaces}: folds the sources together, then into the target. */
  void merge(WindowSlot result, WindowSlot target, List<WindowSlot> sources);

  void emit(Context context, TimeWindow window, WindowSlot slot) throws Exception;

  static WindowContents of(WindowedFunctionSpec<?, ?> spec) {
    if (spec.processFunction().isPresent()) {
      return new Buffered(spec.processFunction().get());
    }
    return aggregated(spec);
  }

  private static <A, O> WindowContents aggregated(WindowedFunctionSpec<A, O> spec) {
    return new Aggregated<>(spec.aggregateFunction().orElseThrow(), spec.windowFunction().orElseThrow());
  }

  /** An {@link AggregateFunction}'s accumulator, persisted with its {@code accumulatorType()}. */
  record Aggregated<A, O>(AggregateFunction<A, O> aggregate, WindowFunction<? super O> function)
      implements WindowContents {
    @Override
    public void add(WindowSlot slot, Message message) {
      A accumulator = slot.accumulator == null ? aggregate.createAccumulator() : decode(slot.accumulator);
      slot.accumulator = aggregate.accumulatorType().encode(aggregate.add(message, accumulator));
    }

    @Override
    public void merge(WindowSlot result, WindowSlot target, List<WindowSlot> sources) {
      A merged = null;
      for (WindowSlot source : sources) {
        if (source.accumulator != null) {
          A value = decode(source.accumulator);
          merged = merged == null ? value : aggregate.merge(merged, value);
        }
      }
      A base = target.accumulator == null ? null : decode(target.accumulator);
      A combined = merged == null ? base : base == null ? merged : aggregate.merge(base, merged);
      result.accumulator = combined == null ? null : aggregate.accumulatorType().encode(combined);
    }

    @Override
    public void emit(Context context, TimeWindow window, WindowSlot slot) throws Exception {
      function.apply(context, window, aggregate.getResult(decode(slot.accumulator)));
    }

    private A decode(byte[] bytes) {
      return aggregate.accumulatorType().decode(bytes);
    }
  }

  /** Every message of the window, for a {@link ProcessWindowFunction}. */
  record Buffered(ProcessWindowFunction function) implements WindowContents {
    @Override
    public void add(WindowSlot slot, Message message) {
      slot.buffer.add(new IncomingMessage(message.payload(), message.contentType(), message.eventTime()));
    }

    @Override
    public void merge(WindowSlot result, WindowSlot target, List<WindowSlot> sources) {
      result.buffer.addAll(target.buffer);
      sources.forEach(source -> result.buffer.addAll(source.buffer));
    }

    @Override
    public void emit(Context context, TimeWindow window, WindowSlot slot) throws Exception {
      function.process(context, window, List.copyOf(slot.buffer));
    }
  }
}
