package io.eventide.dispatcher.api;

import java.time.Duration;

/**
 * The watermark strategy of one ingress source, as Flink's {@code WatermarkStrategy}: after an
 * event at {@code t} the watermark is {@code max(previous, t - outOfOrderness - 1)} unless the
 * source takes explicit watermarks only; a source without events or posted watermarks for {@code
 * idleTimeout} stops holding back the watermark of the functions it reaches.
 *
 * @param outOfOrdernessMillis the bound B on how late an event may be and still count
 * @param idleTimeoutMillis 0 for never idle
 * @param explicitWatermarks events do not move the watermark; only posted watermarks do
 */
public record SourceSettings(
    long outOfOrdernessMillis, long idleTimeoutMillis, boolean explicitWatermarks) {
  /** What API.md promises for a source nobody configured: out-of-orderness 0, never idle. */
  public static final SourceSettings DEFAULT = new SourceSettings(0, 0, false);

  public SourceSettings {
    if (outOfOrdernessMillis < 0 || idleTimeoutMillis < 0) {
      throw new IllegalArgumentException("durations must not be negative");
    }
  }

  public static SourceSettings of(Duration outOfOrderness, Duration idleTimeout, boolean explicit) {
    return new SourceSettings(
        outOfOrderness == null ? 0 : outOfOrderness.toMillis(),
        idleTimeout == null ? 0 : idleTimeout.toMillis(),
        explicit);
  }

  /** The watermark after an event at {@code timestamp}, given the one before it. */
  public long advance(long watermark, long timestamp) {
    if (explicitWatermarks) {
      return watermark;
    }
    // Saturate like Flink's BoundedOutOfOrdernessWatermarks does near Long.MIN_VALUE.
    long candidate = timestamp - outOfOrdernessMillis - 1;
    if (candidate > timestamp) {
      candidate = Long.MIN_VALUE;
    }
    return Math.max(watermark, candidate);
  }

  public boolean idleAt(long lastActivity, long now) {
    return idleTimeoutMillis > 0 && now - lastActivity >= idleTimeoutMillis;
  }
}
