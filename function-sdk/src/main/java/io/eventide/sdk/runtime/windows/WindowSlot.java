package io.eventide.sdk.runtime.windows;

import io.eventide.sdk.runtime.IncomingMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one key keeps for one window in its index: the trigger's values, a small accumulator, and
 * whether there are contents stored apart under the slot's {@link #id} (a larger accumulator, or a
 * list of buffered messages, see {@link WindowContents}), so that a message writes its own window's
 * contents and no other. As in Flink's {@code MergingWindowSet}, a merged session keeps the id of
 * one of the windows it covers, so extending a session moves none of its contents.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe; lives for one handler call.
 */
final class WindowSlot {
  /** The slot's contents' name; -1 until it has contents. */
  long id = -1;

  /**
   * The accumulator when it is at most {@link WindowContents#INLINE_ACCUMULATOR_BYTES}: kept in the
   * index, which a message rewrites anyway, rather than as one more value to read and write.
   */
  byte[] accumulator;

  /** A larger accumulator is stored apart, under {@link #id}. */
  boolean accumulatorApart;

  /** Messages stored in the list under {@link #id} (process functions). */
  int buffered;

  /** The trigger's values for this window, by name, encoded. */
  final Map<String, byte[]> triggerState = new LinkedHashMap<>();

  /** The window function's values for this window ({@code WindowContext.windowState}), encoded. */
  final Map<String, byte[]> windowState = new LinkedHashMap<>();

  /**
   * Contents read from a window state of version 1 or 2, which kept them in the index; the operator
   * moves them under an id before anything else ({@link WindowOperator}).
   */
  byte[] legacyAccumulator;

  List<IncomingMessage> legacyBuffer;

  boolean hasAccumulator() {
    return accumulator != null || accumulatorApart;
  }

  boolean hasContents() {
    return hasAccumulator() || buffered > 0;
  }

  boolean isEmpty() {
    return !hasContents() && triggerState.isEmpty() && windowState.isEmpty();
  }
}
