package io.eventide.sdk;

/** Flink's {@code CountTrigger}; see {@link Triggers#count(long)}. */
final class CountTrigger implements Trigger {
  private static final ValueSpec<Long> COUNT = ValueSpec.named("count").withType(Types.LONG);

  private final long max;

  CountTrigger(long max) {
    this.max = max;
  }

  @Override
  public TriggerResult onElement(
      Message message, long timestamp, TimeWindow window, TriggerContext context) {
    long count = context.storage().get(COUNT).orElse(0L) + 1;
    if (count >= max) {
      context.storage().remove(COUNT);
      return TriggerResult.FIRE;
    }
    context.storage().set(COUNT, count);
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
  public void onMerge(TimeWindow window, OnMergeContext context) {
    long sum = 0;
    for (Storage merged : context.mergedStorages()) {
      sum += merged.get(COUNT).orElse(0L);
    }
    // Flink merges the counts without checking them: the next message decides whether to fire.
    if (sum > 0) {
      context.storage().set(COUNT, sum);
    }
  }

  @Override
  public void clear(TimeWindow window, TriggerContext context) {
    context.storage().remove(COUNT);
  }

  @Override
  public String toString() {
    return "count(" + max + ")";
  }
}
