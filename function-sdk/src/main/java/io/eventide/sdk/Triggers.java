package io.eventide.sdk;

import java.util.Objects;

/**
 * The ready-made {@link Trigger}s, with the semantics of Flink's triggers of the same name.
 *
 * <pre>{@code
 * Triggers.eventTime();                  // default: fire when the watermark reaches end - 1
 * Triggers.processingTime();             // default of processing-time windows: the clock reaches end - 1
 * Triggers.count(100);                   // fire every 100 messages (keeps the contents)
 * Triggers.purging(Triggers.count(100)); // fire every 100 messages and start over
 * Triggers.never();                      // default for Windows.global()
 * }</pre>
 */
public final class Triggers {
  private Triggers() {}

  /**
   * Fires a window once the watermark reaches its {@link TimeWindow#maxTimestamp()}, and again at
   * once for each message that arrives later, within the allowed lateness (Flink's {@code
   * EventTimeTrigger}).
   */
  public static Trigger eventTime() {
    return EventTimeTrigger.INSTANCE;
  }

  /**
   * Fires a window once the platform's clock reaches its {@link TimeWindow#maxTimestamp()} (Flink's
   * {@code ProcessingTimeTrigger}); the default of the {@code Windows.*ProcessingTime} assigners,
   * and usable on event-time windows too, to fire them by the clock rather than the watermark.
   *
   * <pre>{@code
   * builder.window(Windows.tumbling(Duration.ofMinutes(1))).trigger(Triggers.processingTime());
   * }</pre>
   */
  public static Trigger processingTime() {
    return ProcessingTimeTrigger.INSTANCE;
  }

  /**
   * Fires every {@code count} messages added to a window, keeping its contents (Flink's {@code
   * CountTrigger}).
   */
  public static Trigger count(long count) {
    if (count < 1) {
      throw new IllegalArgumentException("trigger count must be at least 1, was " + count);
    }
    return new CountTrigger(count);
  }

  /** Never fires; the default of {@link Windows#global()}. */
  public static Trigger never() {
    return NeverTrigger.INSTANCE;
  }

  /** Turns every fire of {@code trigger} into fire-and-purge (Flink's {@code PurgingTrigger}). */
  public static Trigger purging(Trigger trigger) {
    return new PurgingTrigger(Objects.requireNonNull(trigger, "trigger"));
  }
}
