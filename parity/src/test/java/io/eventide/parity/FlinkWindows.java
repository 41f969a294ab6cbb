package io.eventide.parity;

import java.time.Duration;
import org.apache.flink.streaming.api.windowing.assigners.EventTimeSessionWindows;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/** Flink's event-time assigner for a {@link WindowShape}. */
final class FlinkWindows {
  private FlinkWindows() {}

  static WindowAssigner<Object, TimeWindow> assigner(WindowShape shape) {
    return switch (shape.kind()) {
      case TUMBLING -> TumblingEventTimeWindows.of(Duration.ofMillis(shape.size()));
      case SLIDING ->
          SlidingEventTimeWindows.of(
              Duration.ofMillis(shape.size()), Duration.ofMillis(shape.slide()));
      case SESSION -> EventTimeSessionWindows.withGap(Duration.ofMillis(shape.size()));
    };
  }
}
