package io.eventide.parity;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Flink's bounded-out-of-orderness formula ({@code max timestamp - B - 1}), emitted after every
 * event instead of periodically. Flink's {@code TimestampsAndWatermarksOperator} forwards an event
 * before asking the generator, so each event is judged against the watermark that preceded it, and
 * the job's output no longer depends on timing: the reference Eventide must match.
 */
final class PerEventWatermarks implements WatermarkGenerator<Event> {
  private final long bound;
  private long maxTimestamp;

  PerEventWatermarks(long bound) {
    this.bound = bound;
    // As Flink's BoundedOutOfOrdernessWatermarks: no underflow before the first event.
    this.maxTimestamp = Long.MIN_VALUE + bound + 1;
  }

  @Override
  public void onEvent(Event event, long timestamp, WatermarkOutput output) {
    maxTimestamp = Math.max(maxTimestamp, timestamp);
    output.emitWatermark(new Watermark(maxTimestamp - bound - 1));
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    // Nothing: every watermark was emitted with its event.
  }
}
