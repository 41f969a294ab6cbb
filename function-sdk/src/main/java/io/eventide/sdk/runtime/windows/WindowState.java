package io.eventide.sdk.runtime.windows;

import io.eventide.sdk.TimeWindow;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A windowed function's index for one key: its windows (for sessions, exactly the windows in
 * flight, as Flink's {@code MergingWindowSet}) and their timers, one set per time domain as Flink's
 * timer service keeps them. Loaded from and saved to one small state value by {@link
 * WindowStateCodec}; the windows' contents are stored apart, per window ({@link WindowSlot}).
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe; lives for one handler call.
 */
final class WindowState {
  final NavigableMap<TimeWindow, WindowSlot> slots = new TreeMap<>(WindowTimer.WINDOW_ORDER);

  /** Event-time timers: fired by the watermark. */
  final NavigableSet<WindowTimer> timers = new TreeSet<>(WindowTimer.ORDER);

  /** Processing-time timers: fired by the platform's clock. */
  final NavigableSet<WindowTimer> processingTimers = new TreeSet<>(WindowTimer.ORDER);

  /** The next contents id to hand out. */
  long nextId;

  /** A fresh id for a slot's contents. */
  long newId() {
    return nextId++;
  }

  WindowSlot slot(TimeWindow window) {
    return slots.computeIfAbsent(window, w -> new WindowSlot());
  }

  boolean isEmpty() {
    return slots.isEmpty() && timers.isEmpty() && processingTimers.isEmpty();
  }
}
