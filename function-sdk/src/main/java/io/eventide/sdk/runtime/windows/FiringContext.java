package io.eventide.sdk.runtime.windows;

import io.eventide.sdk.Context;
import io.eventide.sdk.Storage;
import io.eventide.sdk.TimeWindow;
import io.eventide.sdk.WindowContext;
import io.eventide.sdk.runtime.InternalState;

/**
 * The {@link WindowContext} of one firing: window state in the fired window's slot of the index
 * (beside the trigger's values, and removed with them), global state in the key's internal values
 * ({@link GlobalStorage}).
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe; lives for one firing.
 */
final class FiringContext implements WindowContext {
  private final Context context;
  private final InternalState internal;
  private final TimeWindow window;
  private final WindowSlot slot;
  private final boolean merging;

  FiringContext(
      Context context,
      InternalState internal,
      TimeWindow window,
      WindowSlot slot,
      boolean merging) {
    this.context = context;
    this.internal = internal;
    this.window = window;
    this.slot = slot;
    this.merging = merging;
  }

  @Override
  public TimeWindow window() {
    return window;
  }

  @Override
  public Storage windowState() {
    if (merging) {
      // As Flink's MergingWindowStateStore: a merged session has no one window to keep it under.
      throw new UnsupportedOperationException(
          "per-window state is not allowed with merging (session) windows; use globalState()");
    }
    return new SlotStorage(slot.windowState);
  }

  @Override
  public Storage globalState() {
    return new GlobalStorage(internal, context.storage());
  }
}
