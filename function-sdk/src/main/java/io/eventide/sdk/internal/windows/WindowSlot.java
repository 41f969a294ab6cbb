package io.eventide.sdk.internal.windows;

import io.eventide.sdk.internal.IncomingMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one key keeps for one window: the encoded accumulator (aggregates) or the buffered
 * messages (process functions), and the trigger's values for the window.
 *
 * <h2>Thread safety</h2>
 * Not thread-safe; lives for one handler call.
 */
final class WindowSlot {
  /** The encoded accumulator; null when the window has none (new or purged). */
  byte[] accumulator;

  /** The buffered messages of a process window, in the order they were added. */
  final List<IncomingMessage> buffer = new ArrayList<>();

  /** The trigger's values for this window, by name, encoded. */
  final Map<String, byte[]> triggerState = new LinkedHashMap<>();

  boolean hasContents() {
    return accumulator != null || !buffer.isEmpty();
  }

  void clearContents() {
    accumulator = null;
    buffer.clear();
  }

  boolean isEmpty() {
    return !hasContents() && triggerState.isEmpty();
  }
}
