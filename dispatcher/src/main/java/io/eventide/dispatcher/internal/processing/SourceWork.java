package io.eventide.dispatcher.internal.processing;

import java.util.List;

/**
 * What is left of one ingress source's input in the key groups one look covered, as their shards
 * saw it on their own threads.
 *
 * @param keyGroups the key groups looked at (those held)
 * @param pending entries of the source and messages between functions not yet handled there (at
 *     least 1 for a key group whose inbox is not all in memory), plus the event-time timers due
 *     after the source where its end of input has arrived
 * @param minView the lowest view of the source over those key groups ({@code Long.MAX_VALUE} when
 *     none was looked at)
 */
public record SourceWork(List<Integer> keyGroups, long pending, long minView) {
  static final SourceWork NONE = new SourceWork(List.of(), 0, Long.MAX_VALUE);

  SourceWork plus(SourceWork other) {
    List<Integer> groups = new java.util.ArrayList<>(keyGroups);
    groups.addAll(other.keyGroups);
    return new SourceWork(groups, pending + other.pending, Math.min(minView, other.minView));
  }
}
