package io.eventide.sdk.windows;

import io.eventide.sdk.Message;
import io.eventide.sdk.TimeWindow;
import io.eventide.sdk.Trigger;
import io.eventide.sdk.TriggerResult;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;

/**
 * Fires every 5 ms of processing time once a window has a message, and at its end by event time: a
 * small {@code ContinuousProcessingTimeTrigger} with an event-time end, for the tests.
 */
final class EveryFiveMillisTrigger implements Trigger {
  private static final ValueSpec<Long> NEXT = ValueSpec.named("next").withType(Types.LONG);

  @Override
  public TriggerResult onElement(
      Message message, long timestamp, TimeWindow window, TriggerContext context) {
    if (context.storage().get(NEXT).isEmpty()) {
      schedule(context.currentProcessingTime() + 5, context);
    }
    context.registerEventTimeTimer(window.maxTimestamp());
    return TriggerResult.CONTINUE;
  }

  @Override
  public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext context) {
    return time == window.maxTimestamp() ? TriggerResult.FIRE : TriggerResult.CONTINUE;
  }

  @Override
  public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext context) {
    schedule(time + 5, context);
    return TriggerResult.FIRE;
  }

  @Override
  public void clear(TimeWindow window, TriggerContext context) {
    context.storage().get(NEXT).ifPresent(context::deleteProcessingTimeTimer);
    context.storage().remove(NEXT);
    context.deleteEventTimeTimer(window.maxTimestamp());
  }

  private static void schedule(long time, TriggerContext context) {
    context.storage().set(NEXT, time);
    context.registerProcessingTimeTimer(time);
  }
}
