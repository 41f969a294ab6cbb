package io.eventide.dispatcher.internal.inbox;

import io.eventide.store.Transaction;
import io.eventide.store.keyspace.Keyspace;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;

/**
 * Where messages are appended: each key group's inbox ({@code inbox/<kg>/<versionstamp>}, chunks of
 * {@link InboxChunks}), the one way ingress, batch commits and delayed messages add to it. In a
 * cluster an append also changes its key group's mark ({@code inbox-signal/<kg>/<kind>}), so a
 * holder in another process finds the groups to read again with one range read.
 *
 * <pre>{@code
 * Inboxes inboxes = new Inboxes(keyspace, 256);
 * InboxChunks.Writer writer = inboxes.writer(tx);
 * writer.append(keyGroup, entry);
 * writer.flush();
 * inboxes.appended(tx, keyGroup, Inboxes.Mark.INBOX);
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe.
 */
public final class Inboxes {
  /** The source of messages between functions; they hold back the watermark until handled. */
  public static final String INTERNAL = "internal";

  /** The source of {@code sendAfter} messages: judged by the watermark when they come due. */
  public static final String DELAYED = "delayed";

  /** What an append added: a message to the inbox, or a delayed message. */
  public enum Mark {
    INBOX,
    DELAYED
  }

  private final Keyspace keyspace;
  private final byte[][] prefixes;
  private volatile boolean clustered;

  public Inboxes(Keyspace keyspace, int keyGroups) {
    this.keyspace = keyspace;
    this.prefixes = new byte[keyGroups][];
    for (int kg = 0; kg < keyGroups; kg++) {
      prefixes[kg] = keyspace.inbox(kg);
    }
  }

  /** From now on, appends mark their key group for holders in other processes. */
  public void clustered() {
    clustered = true;
  }

  /** Whether key groups may be held by other processes. */
  public boolean isClustered() {
    return clustered;
  }

  /** {@code keyspace.inbox(keyGroup)}, packed once: it is on every message's path. */
  public byte[] prefix(int keyGroup) {
    return prefixes[keyGroup];
  }

  public int keyGroups() {
    return prefixes.length;
  }

  /** A writer of chunks into {@code tx}, whose versionstamps are the transaction's only ones. */
  public InboxChunks.Writer writer(Transaction tx) {
    return new InboxChunks.Writer(tx, this::prefix);
  }

  /** A writer of chunks into {@code tx}, taking user versions from {@code userVersions}. */
  public InboxChunks.Writer writer(Transaction tx, IntSupplier userVersions) {
    return new InboxChunks.Writer(tx, this::prefix, userVersions);
  }

  /**
   * Appends one serialized entry to {@code keyGroup}'s inbox in {@code tx}, and marks the group.
   */
  public void appendOne(Transaction tx, int keyGroup, byte[] entry) {
    InboxChunks.appendSingle(tx, prefix(keyGroup), 0, entry);
    appended(tx, keyGroup, Mark.INBOX);
  }

  /**
   * In a cluster, marks in {@code tx} that {@code keyGroup} got an entry of {@code mark}'s kind. A
   * blind write, so appenders never conflict.
   */
  public void appended(Transaction tx, int keyGroup, Mark mark) {
    if (clustered) {
      byte[] value = new byte[8];
      ThreadLocalRandom.current().nextBytes(value);
      tx.set(keyspace.inboxSignal(keyGroup, mark.ordinal()), value);
    }
  }
}
