/**
 * The window operator: runs a {@link io.eventide.sdk.WindowedFunctionSpec} as an ordinary stateful
 * function with Flink's window semantics, in event time and in processing time, so that the
 * dispatcher, the workers and {@code FunctionTestDriver} need nothing window-specific beyond
 * registering it and delivering its timers. Not for function authors, and not stable.
 *
 * <pre>{@code
 * registry.register(spec.type(), () -> new WindowOperator(spec), WindowOperator.state());
 * }</pre>
 */
package io.eventide.sdk.runtime.windows;
