package io.eventide.sdk.cep;

import io.eventide.sdk.Context;
import java.util.List;
import java.util.Map;

/**
 * Receives each partial match that {@link Pattern#within} ended before it completed, as Flink CEP's
 * interface of the same name.
 *
 * <pre>{@code
 * TimedOutPartialMatchHandler<String> abandoned =
 *     (context, partial, timestamp) ->
 *         context.egress("abandoned", Types.STRING, partial.keySet() + " at " + timestamp);
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Called on the thread running the key's call, one partial match at a time.
 *
 * @param <T> the event type
 */
@FunctionalInterface
public interface TimedOutPartialMatchHandler<T> {
  /** Handles one partial match; {@code timestamp} is its first event's time plus the window. */
  void processTimedOutMatch(Context context, Map<String, List<T>> match, long timestamp)
      throws Exception;
}
