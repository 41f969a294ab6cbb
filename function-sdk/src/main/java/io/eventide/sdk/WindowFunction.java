package io.eventide.sdk;

/**
 * Receives the result of an {@link AggregateFunction} each time a window fires, per key and window.
 * {@code context.self()} is the keyed address; {@code send} and {@code egress} work as in any
 * handler.
 *
 * <pre>{@code
 * WindowFunction<Long> emit = (context, window, sum) ->
 *     context.egress("sums", Types.STRING, context.self().id() + " " + window + " " + sum);
 * }</pre>
 *
 * @param <OUT> the aggregate's result
 */
@FunctionalInterface
public interface WindowFunction<OUT> {
  /** Called once per firing. */
  void apply(Context context, TimeWindow window, OUT result) throws Exception;
}
