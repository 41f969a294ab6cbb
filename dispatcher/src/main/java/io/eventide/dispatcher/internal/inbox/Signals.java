package io.eventide.dispatcher.internal.inbox;

import io.eventide.protocol.InboxEntry;

/**
 * Tells the shard holding a key group that a commit added work to it. Appenders call it after their
 * commit, so the shard never reads an inbox before what it was told of is there.
 *
 * <pre>{@code
 * signals.signal(keyGroup);              // entries were appended to its inbox
 * signals.delayed(keyGroup, dueAt);      // a delayed message comes due then
 * signals.handOver(keyGroup, call);      // a call to run without an append, if the shard has room
 * }</pre>
 */
public interface Signals {
  /** A commit added entries to {@code keyGroup}'s inbox. */
  void signal(int keyGroup);

  /** A commit added a delayed message for {@code keyGroup}, due at {@code dueAt}. */
  void delayed(int keyGroup, long dueAt);

  /**
   * Hands a call to its key group's shard in memory, with nothing appended: the call's reply is
   * then its only commit. False when that shard's hand-over queue is full.
   */
  boolean handOver(int keyGroup, InboxEntry call);
}
