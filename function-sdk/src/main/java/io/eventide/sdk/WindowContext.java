package io.eventide.sdk;

/**
 * The window a {@link ProcessWindowFunction.WithState} is fired for, and the state it keeps beside
 * the window's messages (Flink's {@code ProcessWindowFunction.Context}): {@link #windowState()} per
 * key and window, {@link #globalState()} per key across all its windows. Both are written with the
 * firing's other effects, exactly once, as any state is.
 *
 * <pre>{@code
 * long firings = window.windowState().get(FIRINGS).orElse(0L) + 1;
 * window.windowState().set(FIRINGS, firings);          // 1 on time, 2 at the first late firing
 * long total = window.globalState().get(TOTAL).orElse(0L) + messages.size();
 * window.globalState().set(TOTAL, total);              // across all of this key's windows
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Valid only on the thread running the window function, for the duration of the call.
 */
public interface WindowContext {
  /** The window being fired. */
  TimeWindow window();

  /**
   * Values kept for this key and this window: they survive its firings (an on-time firing and its
   * late ones) and are removed with the window when its end plus the allowed lateness has passed,
   * where Flink would call {@code clear}. Values only: {@link Storage#map} and {@link Storage#list}
   * throw. Kept in the key's small window index, so keep them small.
   *
   * @throws UnsupportedOperationException for merging (session) windows, as Flink refuses
   *     per-window state there
   */
  Storage windowState();

  /**
   * State kept for this key across all of its windows: values, maps and lists, none of which need
   * registering. Never removed by the window operator.
   */
  Storage globalState();
}
