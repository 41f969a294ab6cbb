package io.eventide.sdk;

/** Flink's {@code PurgingTrigger}; see {@link Triggers#purging(Trigger)}. */
final class PurgingTrigger implements Trigger {
  private final Trigger nested;

  PurgingTrigger(Trigger nested) {
    this.nested = nested;
  }

  @Override
  public TriggerResult onElement(
      Message message, long timestamp, TimeWindow window, TriggerContext context) throws Exception {
    return purging(nested.onElement(message, timestamp, window, context));
  }

  @Override
  public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext context)
      throws Exception {
    return purging(nested.onEventTime(time, window, context));
  }

  @Override
  public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext context)
      throws Exception {
    return purging(nested.onProcessingTime(time, window, context));
  }

  @Override
  public boolean canMerge() {
    return nested.canMerge();
  }

  @Override
  public void onMerge(TimeWindow window, OnMergeContext context) throws Exception {
    nested.onMerge(window, context);
  }

  @Override
  public void clear(TimeWindow window, TriggerContext context) throws Exception {
    nested.clear(window, context);
  }

  private static TriggerResult purging(TriggerResult result) {
    return result.isFire() ? TriggerResult.FIRE_AND_PURGE : result;
  }

  @Override
  public String toString() {
    return "purging(" + nested + ")";
  }
}
