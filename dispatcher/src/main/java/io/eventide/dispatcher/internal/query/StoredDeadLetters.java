package io.eventide.dispatcher.internal.query;

import com.apple.foundationdb.tuple.Tuple;
import io.eventide.dispatcher.api.DeadLetter;
import io.eventide.dispatcher.api.DeadLetterPage;
import io.eventide.dispatcher.api.DeadLetters;
import io.eventide.dispatcher.api.DispatcherException;
import io.eventide.dispatcher.internal.commit.DeadLetterRecords;
import io.eventide.dispatcher.internal.routing.Addr;
import io.eventide.protocol.DeadLetterRecord;
import io.eventide.protocol.InboxEntry;
import io.eventide.store.KeyValue;
import io.eventide.store.Keys;
import io.eventide.store.TransactionRunner;
import io.eventide.store.keyspace.Keyspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link DeadLetters} read and written in the store ({@link DeadLetterRecords}), so that any
 * gateway of a cluster serves them. A listing with a type filter reads at most {@link #SCAN_BUDGET}
 * summaries per page: a page may then hold fewer letters than asked for, with a {@code next} to go
 * on from, as a FoundationDB range read with a row limit would.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe (each call runs its own transaction).
 */
public final class StoredDeadLetters implements DeadLetters {
  /** The most summaries one page reads, however few of them match the type asked for. */
  static final int SCAN_BUDGET = 10_000;

  private static final int READ_ROWS = 1_000;
  private static final Pattern CURSOR = Pattern.compile("(\\d{1,19})\\.(.{1,512})");

  private final TransactionRunner runner;
  private final Keyspace keyspace;

  public StoredDeadLetters(TransactionRunner runner, Keyspace keyspace) {
    this.runner = runner;
    this.keyspace = keyspace;
  }

  @Override
  public DeadLetterPage list(String type, String from, int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new DispatcherException(
          DispatcherException.Code.INVALID, "limit must be 1.." + MAX_LIMIT + ", was " + limit);
    }
    byte[] begin = from == null ? keyspace.deadLetters() : after(from);
    byte[] end = Keyspace.end(keyspace.deadLetters());
    return runner.run(
        tx -> {
          List<DeadLetter> letters = new ArrayList<>();
          byte[] start = begin;
          String last = null;
          int scanned = 0;
          while (scanned < SCAN_BUDGET) {
            List<KeyValue> rows = tx.getRange(start, end, READ_ROWS, false);
            for (KeyValue row : rows) {
              scanned++;
              // The cursor comes from the key, so that paging goes on past a damaged value.
              Tuple key = keyspace.unpack(row.key());
              last = key.getLong(1) + "." + key.getString(2);
              DeadLetter letter = view(DeadLetterRecords.parse(row.value()), false, last);
              if (type == null || letter.target().startsWith(type + "/")) {
                letters.add(letter);
                if (letters.size() == limit) {
                  return new DeadLetterPage(letters, last);
                }
              }
            }
            if (rows.size() < READ_ROWS) {
              return new DeadLetterPage(letters, null);
            }
            start = Keys.keyAfter(rows.get(rows.size() - 1).key());
          }
          return new DeadLetterPage(letters, last);
        });
  }

  @Override
  public Optional<DeadLetter> get(String messageId) {
    return runner.run(
        tx ->
            Optional.ofNullable(DeadLetterRecords.read(tx, keyspace, messageId))
                .map(record -> view(record, true, record.getDeadLetteredAt() + "." + messageId)));
  }

  @Override
  public boolean delete(String messageId) {
    return runner.run(
        tx -> {
          DeadLetterRecord record = DeadLetterRecords.read(tx, keyspace, messageId);
          if (record == null) {
            return false;
          }
          DeadLetterRecords.clear(tx, keyspace, record);
          return true;
        });
  }

  /** The first key after the letter a cursor names; INVALID when it is not a cursor. */
  private byte[] after(String cursor) {
    Matcher m = CURSOR.matcher(cursor);
    if (!m.matches()) {
      throw new DispatcherException(
          DispatcherException.Code.INVALID,
          "from must be a cursor <time>.<message id> as a page's next gives it");
    }
    long time;
    try {
      time = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw new DispatcherException(
          DispatcherException.Code.INVALID, "from's time is out of range: " + m.group(1));
    }
    return Keys.keyAfter(keyspace.deadLetterAt(time, m.group(2)));
  }

  private static DeadLetter view(DeadLetterRecord record, boolean withPayload, String cursor) {
    InboxEntry entry = record.getEntry();
    String id = entry.getMessageId();
    byte[] payload = withPayload ? entry.getPayload().getData().toByteArray() : null;
    return new DeadLetter(
        id,
        entry.hasTarget() ? Addr.of(entry.getTarget()).toString() : "",
        entry.hasCaller() ? Addr.of(entry.getCaller()).toString() : null,
        entry.getSource(),
        entry.getPayload().getContentType(),
        payload,
        payload == null ? null : io.eventide.dispatcher.internal.commit.DeadLetters.utf8(payload),
        record.getPayloadBytes(),
        entry.getEventTime(),
        record.getCode(),
        record.getError(),
        record.getAttempts(),
        record.getDeadLetteredAt(),
        cursor);
  }
}
