package io.eventide.sdk.runtime.windows;

import io.eventide.sdk.TimeWindow;
import java.util.Comparator;

/**
 * A timer of one window (event time or processing time, by the set that holds it), as Flink's
 * timers are namespaced by window. The platform's timers know only an address and a time, so the
 * operator keeps these itself and registers the time with the platform.
 */
record WindowTimer(long timestamp, TimeWindow window) {
  static final Comparator<TimeWindow> WINDOW_ORDER =
      Comparator.comparingLong(TimeWindow::start).thenComparingLong(TimeWindow::end);

  static final Comparator<WindowTimer> ORDER =
      Comparator.comparingLong(WindowTimer::timestamp)
          .thenComparing(WindowTimer::window, WINDOW_ORDER);
}
