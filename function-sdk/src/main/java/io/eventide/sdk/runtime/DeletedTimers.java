package io.eventide.sdk.runtime;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The timers that the kept calls of one {@link HandlerScope} deleted and did not register again. A
 * worker's invocation may hold a stored firing of such a timer, taken from the store before the
 * delete committed: it must run nothing. The sets exist only once a call deleted a timer, since a
 * scope is made per invocation and most never delete one.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe; owned by its scope.
 */
final class DeletedTimers {
  private Set<Long> event;
  private Set<Long> processing;

  /** Whether the firing of a timer at {@code timestamp} must run nothing. */
  boolean skips(long timestamp, boolean processingTime) {
    Set<Long> deleted = processingTime ? processing : event;
    return deleted != null && deleted.contains(timestamp);
  }

  /**
   * Follows a kept call's effects, in order; {@code deleted} says whether the call deleted a timer.
   * Until one did, there is nothing to follow.
   */
  void kept(List<Effect> effects, boolean deleted) {
    if (!deleted && event == null) {
      return;
    }
    if (event == null) {
      event = new HashSet<>();
      processing = new HashSet<>();
    }
    for (Effect effect : effects) {
      if (effect instanceof Effect.DeleteTimer delete) {
        event.add(delete.timestamp());
      } else if (effect instanceof Effect.Timer timer) {
        event.remove(timer.timestamp());
      } else if (effect instanceof Effect.DeleteProcessingTimer delete) {
        processing.add(delete.timestamp());
      } else if (effect instanceof Effect.ProcessingTimer timer) {
        processing.remove(timer.timestamp());
      }
    }
  }
}
