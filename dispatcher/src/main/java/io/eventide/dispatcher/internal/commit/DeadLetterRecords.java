package io.eventide.dispatcher.internal.commit;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.eventide.protocol.DeadLetterRecord;
import io.eventide.protocol.InboxEntry;
import io.eventide.store.ReadView;
import io.eventide.store.Transaction;
import io.eventide.store.keyspace.Keyspace;
import io.eventide.store.keyspace.LargeValues;

/**
 * The dead letters kept for replay: each message given up on, in full under {@code
 * dead-letter/<message id>} (chunked by {@link LargeValues} when large) and as a summary without
 * its payload under {@code dead-letters/<time>/<message id>}, which orders the listing. Both are
 * written in the commit that gives up on the message, and cleared together by a replay or a delete,
 * so a dead letter is either kept whole or gone. The {@code dead-letters} egress record is written
 * beside them as before; it is a log with a retention, this is the queue an operator works off.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless; every method works in the caller's transaction.
 */
public final class DeadLetterRecords {
  /** The longest error message kept in a summary; the full record keeps it whole. */
  static final int SUMMARY_ERROR_CHARS = 4096;

  private DeadLetterRecords() {}

  /**
   * Keeps {@code entry} as a dead letter under {@code messageId} (an NDJSON event's entry carries
   * none of its own: its id comes from its place in the inbox), given up on at {@code now}.
   */
  public static void write(
      Transaction tx,
      Keyspace keyspace,
      InboxEntry in,
      String messageId,
      String code,
      String error,
      int attempts,
      long now) {
    InboxEntry entry = in.toBuilder().setMessageId(messageId).clearAttempt().build();
    DeadLetterRecord full =
        DeadLetterRecord.newBuilder()
            .setEntry(entry)
            .setCode(code)
            .setError(error)
            .setAttempts(attempts)
            .setDeadLetteredAt(now)
            .setPayloadBytes(entry.getPayload().getData().size())
            .build();
    LargeValues.set(tx, keyspace.deadLetter(messageId), full.toByteArray(), false);
    tx.set(keyspace.deadLetterAt(now, messageId), summary(full).toByteArray());
  }

  private static DeadLetterRecord summary(DeadLetterRecord full) {
    InboxEntry entry = full.getEntry();
    String error = full.getError();
    if (error.length() > SUMMARY_ERROR_CHARS) {
      error = error.substring(0, SUMMARY_ERROR_CHARS) + "...";
    }
    return full.toBuilder()
        .setEntry(
            entry.toBuilder().setPayload(entry.getPayload().toBuilder().setData(ByteString.EMPTY)))
        .setError(error)
        .build();
  }

  /** The dead letter {@code messageId} in full, or null when none is kept. */
  public static DeadLetterRecord read(ReadView view, Keyspace keyspace, String messageId) {
    byte[] value = LargeValues.get(view, keyspace.deadLetter(messageId));
    return value == null ? null : parse(value);
  }

  /** Removes a dead letter read with {@link #read}: both its keys. */
  public static void clear(Transaction tx, Keyspace keyspace, DeadLetterRecord record) {
    String id = record.getEntry().getMessageId();
    LargeValues.clear(tx, keyspace.deadLetter(id), true);
    tx.clear(keyspace.deadLetterAt(record.getDeadLetteredAt(), id));
  }

  /** A stored record; a damaged one reads as an error the API names, never as a crash. */
  public static DeadLetterRecord parse(byte[] value) {
    try {
      return DeadLetterRecord.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      return DeadLetterRecord.newBuilder()
          .setCode("UNREADABLE")
          .setError("the stored dead letter does not parse: " + e.getMessage())
          .build();
    }
  }
}
