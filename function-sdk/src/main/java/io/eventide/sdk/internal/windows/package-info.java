/**
 * The window operator: runs a {@link io.eventide.sdk.WindowedFunctionSpec} as an ordinary
 * stateful function with Flink's event-time window semantics, so that the dispatcher, the workers
 * and {@code FunctionTestDriver} need nothing window-specific beyond registering it. Not for
 * function authors, and not stable.
 *
 * <pre>{@code
 * registry.register(spec.type(), () -> new WindowOperator(spec), WindowOperator.state());
 * }</pre>
 */
package io.eventide.sdk.internal.windows;
