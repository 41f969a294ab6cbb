package io.eventide.sdk;

/** A trigger that never fires, the default of the global window; see {@link Triggers#never()}. */
final class NeverTrigger implements Trigger {
  static final NeverTrigger INSTANCE = new NeverTrigger();

  private NeverTrigger() {}

  @Override
  public TriggerResult onElement(
      Message message, long timestamp, TimeWindow window, TriggerContext context) {
    return TriggerResult.CONTINUE;
  }

  @Override
  public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext context) {
    return TriggerResult.CONTINUE;
  }

  @Override
  public boolean canMerge() {
    return true;
  }

  @Override
  public void onMerge(TimeWindow window, OnMergeContext context) {}

  @Override
  public String toString() {
    return "never()";
  }
}
