package io.eventide.sdk;

import java.util.List;

/**
 * Receives every message buffered in a window each time it fires (Flink's full-window {@code
 * ProcessWindowFunction}). Prefer an {@link AggregateFunction} when the result can be computed
 * incrementally: a process function keeps every message in state. {@link WithState} also sees
 * per-window and per-key state.
 *
 * <pre>{@code
 * ProcessWindowFunction distinct = (context, window, messages) -> {
 *   long users = messages.stream().map(m -> m.as(Types.STRING)).distinct().count();
 *   context.egress("distinct-users", Types.LONG, users);
 * };
 * }</pre>
 */
@FunctionalInterface
public interface ProcessWindowFunction {
  /** Called once per firing with the window's messages, in the order they were added. */
  void process(Context context, TimeWindow window, List<Message> messages) throws Exception;

  /**
   * A process window function that also keeps state per window and per key ({@link
   * WindowContext#windowState()}, {@link WindowContext#globalState()}), as Flink's does. Register
   * it with {@link WindowedFunctionSpec.Builder#processWithState}.
   *
   * <pre>{@code
   * ProcessWindowFunction.WithState firings = (context, window, messages) -> {
   *   long n = window.windowState().get(FIRINGS).orElse(0L) + 1;
   *   window.windowState().set(FIRINGS, n);
   *   context.egress("firings", Types.STRING, window.window() + " fired " + n + " times");
   * };
   * }</pre>
   */
  @FunctionalInterface
  interface WithState {
    /** Called once per firing with the window, its state, and its messages in added order. */
    void process(Context context, WindowContext window, List<Message> messages) throws Exception;
  }
}
