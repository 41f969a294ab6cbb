package io.eventide.dispatcher.internal.inbox;

import io.eventide.dispatcher.internal.routing.Addr;
import io.eventide.protocol.InboxEntry;

/**
 * Something an address has to handle in a shard: an inbox entry loaded into memory (slot {@link
 * #slot} of {@link #chunk}, consumed when its batch commits), a call handed over in memory (neither
 * chunk nor key), or a due timer (its key is the timer's, cleared when the batch that fires it
 * commits).
 */
public final class Pending {
  /** What is pending: a message, or a due timer of either time domain. */
  public enum Kind {
    MESSAGE,
    EVENT_TIMER,
    PROCESSING_TIMER
  }

  /** The source of a timer's synthetic entry. */
  public static final String TIMER_SOURCE = "timer";

  /** A timer's key. */
  public final byte[] key;

  /** The stored chunk of an inbox entry. */
  public final Chunk chunk;

  public final int slot;
  public final InboxEntry entry;
  public final Addr address;
  public final int keyGroup;
  public final Kind kind;

  /** The watermark the handler sees; set when the message is taken into a batch. */
  public long watermark = Long.MIN_VALUE;

  /** {@link #watermark} was set by judging this message, and stays for any later attempt. */
  public boolean judged;

  public boolean consumed;

  /** In a batch that has not finished yet: no later batch may take it again. */
  public boolean taken;

  /**
   * The holding of its key group it was taken into a batch under ({@code LeaseTable#tenure}); its
   * effects commit only under that one. 0: not stamped, fenced on whatever is held then.
   */
  public long tenure;

  /**
   * Its invocation's span while it is invoked and committed, when traced ({@code
   * commit.MessageSpans}); null otherwise, which is always when tracing is off.
   */
  public io.opentelemetry.api.trace.Span span;

  private String messageId;

  /** A call handed over in memory. */
  public static Pending direct(InboxEntry call, int keyGroup) {
    return new Pending(null, null, 0, call, Addr.of(call.getTarget()), keyGroup, Kind.MESSAGE);
  }

  /**
   * Entry {@code slot} of {@code chunk}, for {@code address} (a shard's shared instance of its
   * target).
   */
  public Pending(Chunk chunk, int slot, InboxEntry entry, Addr address) {
    this(null, chunk, slot, entry, address, chunk.keyGroup, Kind.MESSAGE);
  }

  private Pending(
      byte[] key, Chunk chunk, int slot, InboxEntry entry, Addr address, int keyGroup, Kind kind) {
    this.key = key;
    this.chunk = chunk;
    this.slot = slot;
    this.entry = entry;
    this.address = address;
    this.keyGroup = keyGroup;
    this.kind = kind;
  }

  /** A timer of {@code address} due at {@code time}, stored under {@code key}. */
  public static Pending timer(byte[] key, Addr address, long time, int keyGroup, Kind kind) {
    // A stable id per timer, so the record ids of what its firing writes are the same on a re-run.
    String id = (kind == Kind.EVENT_TIMER ? "et:" : "pt:") + time + ":" + address;
    InboxEntry entry =
        InboxEntry.newBuilder()
            .setTarget(address.toProto())
            .setEventTime(time)
            .setMessageId(id)
            .setSource(TIMER_SOURCE)
            .build();
    return new Pending(key, null, 0, entry, address, keyGroup, kind);
  }

  /**
   * The message's id: the one stored with it, or for an entry stored without one (an ingested event
   * without an idempotency key) the one its place in the inbox gives it ({@link
   * InboxChunks#entryId}). Effects derive their ids from it.
   */
  public String messageId() {
    if (messageId == null) {
      messageId =
          entry.getMessageId().isEmpty() && chunk != null
              ? InboxChunks.entryId(chunk.key, slot)
              : entry.getMessageId();
    }
    return messageId;
  }

  /**
   * A message in the inbox, as opposed to a call handed over in memory (see {@code
   * Shard#handOver}).
   */
  boolean durable() {
    return key != null || chunk != null;
  }

  public boolean isTimer() {
    return kind != Kind.MESSAGE;
  }

  /** Counted in its key group's backlog: a durable message. */
  public boolean inBacklog() {
    return chunk != null;
  }

  public int size() {
    return entry.getPayload().getData().size() + 64;
  }
}
