package io.eventide.sdk;

/** Flink's {@code EventTimeTrigger}; see {@link Triggers#eventTime()}. */
final class EventTimeTrigger implements Trigger {
  static final EventTimeTrigger INSTANCE = new EventTimeTrigger();

  private EventTimeTrigger() {}

  @Override
  public TriggerResult onElement(
      Message message, long timestamp, TimeWindow window, TriggerContext context) {
    if (window.maxTimestamp() <= context.currentWatermark()) {
      // The watermark is already past the window: this is an allowed-late message, fire at once.
      return TriggerResult.FIRE;
    }
    context.registerEventTimeTimer(window.maxTimestamp());
    return TriggerResult.CONTINUE;
  }

  @Override
  public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext context) {
    return time == window.maxTimestamp() ? TriggerResult.FIRE : TriggerResult.CONTINUE;
  }

  @Override
  public boolean canMerge() {
    return true;
  }

  @Override
  public void onMerge(TimeWindow window, OnMergeContext context) {
    if (window.maxTimestamp() > context.currentWatermark()) {
      context.registerEventTimeTimer(window.maxTimestamp());
    }
  }

  @Override
  public void clear(TimeWindow window, TriggerContext context) {
    context.deleteEventTimeTimer(window.maxTimestamp());
  }

  @Override
  public String toString() {
    return "eventTime()";
  }
}
