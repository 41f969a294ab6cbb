package io.eventide.sdk.runtime.windows;

import io.eventide.sdk.Context;
import io.eventide.sdk.Message;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.TimeWindow;
import io.eventide.sdk.Trigger;
import io.eventide.sdk.TriggerResult;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;
import io.eventide.sdk.WindowAssigner;
import io.eventide.sdk.WindowedFunctionSpec;
import io.eventide.sdk.runtime.InternalState;
import java.util.List;
import java.util.Objects;

/**
 * Runs a {@link WindowedFunctionSpec} as an ordinary stateful function, with the rules of Flink's
 * {@code WindowOperator}: the key's windows and their timers live in its {@link #WINDOWS} value (a
 * small index), each window's contents apart under an id of its own ({@link WindowContents}), and
 * the platform's event-time timers and watermark, and its processing-time timers and clock, drive
 * the trigger. The platform (and {@code FunctionTestDriver}) registers it for the spec's type with
 * {@link #state()}.
 *
 * <pre>{@code
 * registry.register(spec.type(), () -> new WindowOperator(spec), WindowOperator.state());
 * }</pre>
 *
 * <ul>
 *   <li>A message goes to each window of {@code assigner.assignWindows(t)} (sessions merge first),
 *       where {@code t} is its event time, or the current processing time for a processing-time
 *       assigner; the trigger then decides to fire and/or purge.
 *   <li>Event-time windows: a window whose {@code maxTimestamp + allowedLateness} is at or below
 *       the watermark is late and takes no message; each window's cleanup timer is an event-time
 *       timer at {@code maxTimestamp + allowedLateness}, where its contents, trigger values and
 *       in-flight session are cleared. A message none of whose windows took it, and whose {@code ts
 *       + allowedLateness} is at or below the watermark, goes to the late-message handler, or is
 *       dropped and counted in {@link #LATE_DROPPED}.
 *   <li>Processing-time windows are never late; each one's cleanup timer is a processing-time timer
 *       at its {@code maxTimestamp}.
 *   <li>Window timers are kept per time domain; {@link #onTimer} fires the event-time ones due by
 *       the watermark, {@link #onProcessingTimer} the processing-time ones due by the clock.
 *   <li>With an evictor, a window keeps every message and a firing evicts, runs the function and
 *       writes back what is left ({@code EvictingContents}), as Flink's {@code
 *       EvictingWindowOperator}. A process function's window state lives in its window's slot and
 *       goes with it; its global state in the key's internal values ({@code FiringContext}).
 * </ul>
 *
 * <h2>Thread safety</h2>
 *
 * One instance may serve any number of addresses, one call at a time each; it remembers only the
 * state it saved last, matched by the identity of the stored array.
 */
public final class WindowOperator implements StatefulFunction {
  /** The key's windows and timers, encoded by {@code WindowStateCodec}; contents are apart. */
  public static final ValueSpec<byte[]> WINDOWS =
      ValueSpec.named("windows").withType(EncodedState.INSTANCE);

  /** How many late messages were dropped for want of a late-message handler. */
  public static final ValueSpec<Long> LATE_DROPPED =
      ValueSpec.named("late_dropped").withType(Types.LONG);

  /** The state a windowed function type must be registered with; a new array each call. */
  public static ValueSpec<?>[] state() {
    return new ValueSpec<?>[] {WINDOWS, LATE_DROPPED};
  }

  private final WindowedFunctionSpec<?, ?> spec;
  private final WindowAssigner assigner;
  private final Trigger trigger;
  private final long allowedLateness;
  private final WindowContents contents;
  private final SessionMerger sessions = new SessionMerger(this);
  private volatile Memo memo;

  /** An operator running {@code spec}. */
  public WindowOperator(WindowedFunctionSpec<?, ?> spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.assigner = spec.assigner();
    this.trigger = spec.trigger();
    this.allowedLateness = spec.allowedLateness().toMillis();
    this.contents = WindowContents.of(spec);
  }

  @Override
  public void apply(Context context, Message message) throws Exception {
    InternalState internal = InternalState.of(context);
    WindowState state = load(context, internal);
    long timestamp = message.eventTime();
    long assignAt = assigner.isProcessingTime() ? context.currentProcessingTime() : timestamp;
    boolean skipped = true;
    for (TimeWindow assigned : assigner.assignWindows(assignAt)) {
      TimeWindow window =
          assigner.isMerging() ? sessions.add(context, internal, state, assigned) : assigned;
      if (isWindowLate(window, context.currentWatermark())) {
        if (assigner.isMerging()) {
          removeSlot(internal, state, window);
        }
        continue;
      }
      skipped = false;
      WindowSlot slot = state.slot(window);
      contents.add(internal, state, slot, message);
      TriggerResult result =
          trigger.onElement(
              message, timestamp, window, triggerContext(context, state, window, slot));
      handle(context, internal, state, window, result);
      registerCleanupTimer(context, state, window);
    }
    save(context, state);
    if (skipped && isElementLate(timestamp, context.currentWatermark())) {
      late(context, message);
    }
  }

  @Override
  public void onTimer(Context context, long timestamp) throws Exception {
    InternalState internal = InternalState.of(context);
    WindowState state = load(context, internal);
    // Every window timer due by now, including ones registered while these fire, as Flink's
    // timer service fires all timers up to the watermark it advances to.
    while (!state.timers.isEmpty() && state.timers.first().timestamp() <= timestamp) {
      WindowTimer timer = state.timers.pollFirst();
      fire(context, internal, state, timer, false);
    }
    save(context, state);
  }

  @Override
  public void onProcessingTimer(Context context, long timestamp) throws Exception {
    InternalState internal = InternalState.of(context);
    WindowState state = load(context, internal);
    // Every processing-time window timer due by this platform timer, including ones registered
    // while these fire; later ones wait for their own platform timer.
    while (!state.processingTimers.isEmpty()
        && state.processingTimers.first().timestamp() <= timestamp) {
      WindowTimer timer = state.processingTimers.pollFirst();
      fire(context, internal, state, timer, true);
    }
    save(context, state);
  }

  private void fire(
      Context context,
      InternalState internal,
      WindowState state,
      WindowTimer timer,
      boolean processingTime)
      throws Exception {
    TimeWindow window = timer.window();
    WindowSlot slot = state.slots.get(window);
    if (slot == null && assigner.isMerging()) {
      // A timer of a session that was merged away or cleared; Flink ignores these too.
      return;
    }
    WindowSlot current = slot != null ? slot : new WindowSlot();
    WindowTriggerContext triggerContext = triggerContext(context, state, window, current);
    TriggerResult result =
        processingTime
            ? trigger.onProcessingTime(timer.timestamp(), window, triggerContext)
            : trigger.onEventTime(timer.timestamp(), window, triggerContext);
    if (slot == null && !current.isEmpty()) {
      state.slots.put(window, current);
    }
    handle(context, internal, state, window, result);
    // Only a timer of the assigner's own domain cleans up, as in Flink.
    boolean ownDomain = processingTime ? assigner.isProcessingTime() : assigner.isEventTime();
    if (ownDomain && timer.timestamp() == cleanupTime(window)) {
      clearAll(context, internal, state, window);
    }
  }

  private void handle(
      Context context,
      InternalState internal,
      WindowState state,
      TimeWindow window,
      TriggerResult result)
      throws Exception {
    WindowSlot slot = state.slots.get(window);
    if (slot == null) {
      return;
    }
    if (result.isFire() && slot.hasContents()) {
      contents.emit(context, internal, window, slot);
    }
    if (result.isPurge()) {
      contents.clear(internal, slot);
    }
    if (!assigner.isMerging() && slot.isEmpty()) {
      state.slots.remove(window);
    }
  }

  private void clearAll(
      Context context, InternalState internal, WindowState state, TimeWindow window)
      throws Exception {
    WindowSlot slot = removeSlot(internal, state, window);
    trigger.clear(
        window, triggerContext(context, state, window, slot != null ? slot : new WindowSlot()));
  }

  /** Forgets a window, its contents with it. */
  private WindowSlot removeSlot(InternalState internal, WindowState state, TimeWindow window) {
    WindowSlot slot = state.slots.remove(window);
    if (slot != null) {
      contents.clear(internal, slot);
    }
    return slot;
  }

  private void late(Context context, Message message) throws Exception {
    if (spec.lateMessageHandler().isPresent()) {
      spec.lateMessageHandler().get().apply(context, message);
    } else {
      context.storage().set(LATE_DROPPED, context.storage().get(LATE_DROPPED).orElse(0L) + 1);
    }
  }

  private void registerCleanupTimer(Context context, WindowState state, TimeWindow window) {
    long time = cleanupTime(window);
    if (time == Long.MAX_VALUE) {
      return;
    }
    if (assigner.isProcessingTime()) {
      WindowTriggerContext.registerProcessingTime(context, state, window, time);
    } else {
      WindowTriggerContext.register(context, state, window, time);
    }
  }

  void deleteCleanupTimer(WindowState state, TimeWindow window) {
    long time = cleanupTime(window);
    if (time != Long.MAX_VALUE) {
      (assigner.isProcessingTime() ? state.processingTimers : state.timers)
          .remove(new WindowTimer(time, window));
    }
  }

  /**
   * Flink's {@code cleanupTime}: for event time the window's last timestamp plus the lateness,
   * saturated; for processing time its last timestamp; never for the global window.
   */
  long cleanupTime(TimeWindow window) {
    if (assigner.kind() == WindowAssigner.Kind.GLOBAL) {
      return Long.MAX_VALUE;
    }
    if (assigner.isProcessingTime()) {
      return window.maxTimestamp();
    }
    long time = window.maxTimestamp() + allowedLateness;
    return time >= window.maxTimestamp() ? time : Long.MAX_VALUE;
  }

  private boolean isWindowLate(TimeWindow window, long watermark) {
    return assigner.isEventTime() && cleanupTime(window) <= watermark;
  }

  private boolean isElementLate(long timestamp, long watermark) {
    return assigner.isEventTime() && timestamp + allowedLateness <= watermark;
  }

  private WindowTriggerContext triggerContext(
      Context context, WindowState state, TimeWindow window, WindowSlot slot) {
    return new WindowTriggerContext(context, state, window, slot, List.of());
  }

  /**
   * The key's windows. A key's messages come one after another, so the state this operator saved
   * last is usually what the next call gets back: the very array it stored means the decoded state
   * is still current. It is handed out once; a call that throws after changing it leaves no memo
   * behind, and the next call decodes what was really kept. An index of version 1 or 2 has its
   * windows' contents moved out of it here ({@link WindowContents#migrate}).
   */
  private WindowState load(Context context, InternalState internal) {
    byte[] bytes = context.storage().get(WINDOWS).orElse(null);
    Memo last = memo;
    memo = null;
    if (bytes == null) {
      return new WindowState();
    }
    if (last != null && last.bytes() == bytes) {
      return last.state();
    }
    WindowState state = WindowStateCodec.decode(bytes);
    for (WindowSlot slot : state.slots.values()) {
      if (slot.legacyAccumulator != null || slot.legacyBuffer != null) {
        WindowContents.migrate(internal, state, slot);
      }
    }
    return state;
  }

  private void save(Context context, WindowState state) {
    if (state.isEmpty()) {
      context.storage().remove(WINDOWS);
      memo = null;
    } else {
      byte[] bytes = WindowStateCodec.encode(state);
      context.storage().set(WINDOWS, bytes);
      memo = new Memo(bytes, state);
    }
  }

  /** The state last saved and its encoding, read and written as one reference. */
  private record Memo(byte[] bytes, WindowState state) {}

  boolean isEventTime() {
    return assigner.isEventTime();
  }

  boolean isProcessingTime() {
    return assigner.isProcessingTime();
  }

  long allowedLateness() {
    return allowedLateness;
  }

  Trigger trigger() {
    return trigger;
  }

  WindowContents contents() {
    return contents;
  }
}
