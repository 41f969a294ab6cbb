package io.eventide.sdk.runtime.windows;

import io.eventide.sdk.Context;
import io.eventide.sdk.Storage;
import io.eventide.sdk.TimeWindow;
import io.eventide.sdk.Trigger;
import java.util.List;

/**
 * The {@link Trigger.TriggerContext} of one window: timers of both domains are recorded per window
 * in the {@link WindowState} and their times registered with the platform; deleting one forgets it,
 * so the platform timer, which cannot be deleted, finds nothing to do when it fires.
 */
final class WindowTriggerContext implements Trigger.OnMergeContext {
  private final Context context;
  private final WindowState state;
  private final TimeWindow window;
  private final Storage storage;
  private final List<Storage> merged;

  WindowTriggerContext(
      Context context,
      WindowState state,
      TimeWindow window,
      WindowSlot slot,
      List<Storage> merged) {
    this.context = context;
    this.state = state;
    this.window = window;
    this.storage = new SlotStorage(slot.triggerState);
    this.merged = merged;
  }

  /**
   * A window timer already present has its platform timer pending (both are added in one call, and
   * the platform's timer at a time pops every window timer up to it), so only a new one is
   * registered with the platform: one durable timer per window rather than one per message.
   */
  static void register(Context context, WindowState state, TimeWindow window, long time) {
    if (state.timers.add(new WindowTimer(time, window))) {
      context.registerEventTimeTimer(time);
    }
  }

  /** As {@link #register}, for processing time. */
  static void registerProcessingTime(
      Context context, WindowState state, TimeWindow window, long time) {
    if (state.processingTimers.add(new WindowTimer(time, window))) {
      context.registerProcessingTimeTimer(time);
    }
  }

  @Override
  public long currentWatermark() {
    return context.currentWatermark();
  }

  @Override
  public void registerEventTimeTimer(long time) {
    register(context, state, window, time);
  }

  @Override
  public void deleteEventTimeTimer(long time) {
    state.timers.remove(new WindowTimer(time, window));
  }

  @Override
  public long currentProcessingTime() {
    return context.currentProcessingTime();
  }

  @Override
  public void registerProcessingTimeTimer(long time) {
    registerProcessingTime(context, state, window, time);
  }

  @Override
  public void deleteProcessingTimeTimer(long time) {
    state.processingTimers.remove(new WindowTimer(time, window));
  }

  @Override
  public Storage storage() {
    return storage;
  }

  @Override
  public List<Storage> mergedStorages() {
    return merged;
  }
}
