package io.eventide.sdk;

import java.util.List;

/**
 * Receives every message buffered in a window each time it fires (Flink's full-window {@code
 * ProcessWindowFunction}). Prefer an {@link AggregateFunction} when the result can be computed
 * incrementally: a process function keeps every message in state.
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
}
