package io.eventide.sdk.runtime.windows;

import io.eventide.sdk.Context;
import io.eventide.sdk.Storage;
import io.eventide.sdk.TimeWindow;
import io.eventide.sdk.Trigger;
import io.eventide.sdk.runtime.InternalState;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Adds a new session window to a key's windows as Flink's {@code MergingWindowSet.addWindow} with
 * {@code TimeWindow.mergeWindows} does: windows that overlap or touch merge into their cover; the
 * trigger merges its values, the replaced windows' triggers and cleanup timers are cleared, and
 * their contents fold into the merged window, which keeps the contents id of one of them (a session
 * that only grows keeps its own, and moves nothing).
 */
final class SessionMerger {
  private final WindowOperator operator;

  SessionMerger(WindowOperator operator) {
    this.operator = operator;
  }

  /** Returns the window the new one now belongs to: itself, or the merged window covering it. */
  TimeWindow add(Context context, InternalState internal, WindowState state, TimeWindow added)
      throws Exception {
    List<TimeWindow> sorted = new ArrayList<>(state.slots.keySet());
    sorted.add(added);
    sorted.sort(WindowTimer.WINDOW_ORDER);
    TimeWindow result = added;
    TimeWindow cover = null;
    Set<TimeWindow> group = new LinkedHashSet<>();
    for (TimeWindow candidate : sorted) {
      if (cover != null && cover.intersects(candidate)) {
        cover = cover.cover(candidate);
        group.add(candidate);
        continue;
      }
      result = mergeGroup(context, internal, state, added, cover, group, result);
      cover = candidate;
      group = new LinkedHashSet<>(List.of(candidate));
    }
    result = mergeGroup(context, internal, state, added, cover, group, result);
    state.slot(result);
    return result;
  }

  private TimeWindow mergeGroup(
      Context context,
      InternalState internal,
      WindowState state,
      TimeWindow added,
      TimeWindow cover,
      Set<TimeWindow> group,
      TimeWindow result)
      throws Exception {
    if (group.size() < 2) {
      return result;
    }
    boolean containsAdded = group.contains(added);
    // Behind an evictor, the order decides what is evicted, so it is Flink's; other contents do
    // not depend on it and keep start order.
    List<TimeWindow> existing;
    if (operator.contents() instanceof EvictingContents) {
      existing = FlinkMergeOrder.of(group, added);
    } else {
      group.remove(added);
      existing = new ArrayList<>(group);
    }
    // One window extended by nothing: it simply absorbs the new one, no merge.
    if (!(existing.size() == 1 && existing.get(0).equals(cover))) {
      merge(context, internal, state, cover, existing);
    }
    return containsAdded ? cover : result;
  }

  private void merge(
      Context context,
      InternalState internal,
      WindowState state,
      TimeWindow merged,
      List<TimeWindow> replaced)
      throws Exception {
    if (operator.isEventTime()
        && merged.maxTimestamp() + operator.allowedLateness() <= context.currentWatermark()) {
      throw new IllegalStateException(
          "merging session windows into "
              + merged
              + " would make it late at watermark "
              + context.currentWatermark()
              + " (Flink refuses this too)");
    }
    if (operator.isProcessingTime() && merged.maxTimestamp() <= context.currentProcessingTime()) {
      throw new IllegalStateException(
          "merging session windows into "
              + merged
              + " would end it at or before "
              + "processing time "
              + context.currentProcessingTime()
              + " (Flink refuses this too)");
    }
    WindowSlot result = new WindowSlot();
    List<Storage> storages = new ArrayList<>();
    for (TimeWindow window : replaced) {
      storages.add(new SlotStorage(state.slots.get(window).triggerState));
    }
    Trigger trigger = operator.trigger();
    trigger.onMerge(
        merged, new WindowTriggerContext(context, state, merged, result, List.copyOf(storages)));
    List<WindowSlot> parts = new ArrayList<>();
    for (TimeWindow window : replaced) {
      WindowSlot slot = state.slots.remove(window);
      trigger.clear(window, new WindowTriggerContext(context, state, window, slot, List.of()));
      operator.deleteCleanupTimer(state, window);
      parts.add(slot);
    }
    operator
        .contents()
        .merge(internal, state, result, parts.get(0), parts.subList(1, parts.size()));
    state.slots.put(merged, result);
  }
}
