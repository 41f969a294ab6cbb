package io.eventide.sdk.cep;

import io.eventide.sdk.Context;
import java.util.List;
import java.util.Map;

/**
 * Receives each match of a pattern, as Flink CEP's {@code PatternProcessFunction}: the events of
 * each step by step name, steps in the order of their first event. It runs as the key's address, so
 * it may send, egress and use state through {@code context}.
 *
 * <pre>{@code
 * PatternProcessFunction<String> alert =
 *     (context, match, timestamp) ->
 *         context.egress("alerts", Types.STRING, context.self().id() + " " + match.get("start"));
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Called on the thread running the key's call, one match at a time.
 *
 * @param <T> the event type
 */
@FunctionalInterface
public interface PatternProcessFunction<T> {
  /**
   * Handles one match; {@code timestamp} is the event time at which it completed (the last event's,
   * or the window's end for a trailing {@code notFollowedBy}).
   */
  void processMatch(Context context, Map<String, List<T>> match, long timestamp) throws Exception;
}
