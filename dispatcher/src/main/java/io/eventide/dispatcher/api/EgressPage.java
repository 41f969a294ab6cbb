package io.eventide.dispatcher.api;

import java.util.List;

/**
 * A page of a log egress; {@code next} is the offset to ask for next.
 *
 * @param firstOffset when the reader asked for an offset that retention trimmed, the first offset
 *     still kept (the first record's, or {@code next} when none is left); -1 otherwise
 */
public record EgressPage(List<EgressRecord> records, long next, long firstOffset) {
  /** A page that skipped nothing. */
  public EgressPage(List<EgressRecord> records, long next) {
    this(records, next, -1);
  }

  /** Whether records between the offset asked for and {@link #firstOffset} were trimmed. */
  public boolean trimmed() {
    return firstOffset >= 0;
  }
}
