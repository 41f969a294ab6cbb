package io.eventide.sdk;

/** Flink's {@code ProcessingTimeTrigger}; see {@link Triggers#processingTime()}. */
final class ProcessingTimeTrigger implements Trigger {
  static final ProcessingTimeTrigger INSTANCE = new ProcessingTimeTrigger();

  private ProcessingTimeTrigger() {}

  @Override
  public TriggerResult onElement(
      Message message, long timestamp, TimeWindow window, TriggerContext context) {
    // Registered for every message, even when the clock is past the window already: the timer
    // then fires as soon as possible, and Flink does the same.
    context.registerProcessingTimeTimer(window.maxTimestamp());
    return TriggerResult.CONTINUE;
  }

  @Override
  public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext context) {
    return TriggerResult.CONTINUE;
  }

  @Override
  public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext context) {
    return TriggerResult.FIRE;
  }

  @Override
  public boolean canMerge() {
    return true;
  }

  @Override
  public void onMerge(TimeWindow window, OnMergeContext context) {
    if (window.maxTimestamp() > context.currentProcessingTime()) {
      context.registerProcessingTimeTimer(window.maxTimestamp());
    }
  }

  @Override
  public void clear(TimeWindow window, TriggerContext context) {
    context.deleteProcessingTimeTimer(window.maxTimestamp());
  }

  @Override
  public String toString() {
    return "processingTime()";
  }
}
