package io.eventide.dispatcher.processing;

/**
 * Tells the shard holding a key group that a commit added work to it. Appenders call it after
 * their commit, so the shard never reads an inbox before what it was told of is there.
 *
 * <pre>{@code
 * signals.signal(keyGroup);              // entries were appended to its inbox
 * signals.delayed(keyGroup, dueAt);      // a delayed message comes due then
 * }</pre>
 */
public interface Signals {
  /** A commit added entries to {@code keyGroup}'s inbox. */
  void signal(int keyGroup);

  /** A commit added a delayed message for {@code keyGroup}, due at {@code dueAt}. */
  void delayed(int keyGroup, long dueAt);
}
