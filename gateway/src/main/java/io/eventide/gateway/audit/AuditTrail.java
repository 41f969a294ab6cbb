package io.eventide.gateway.audit;

import io.eventide.store.KeyValue;
import io.eventide.store.Keys;
import io.eventide.store.ReadView;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.TransactionRunner;
import io.eventide.store.keyspace.Keyspace;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit entries kept in the store: {@code audit/<time>/<versionstamp>} (see {@link Keyspace}),
 * so they sort by time and any number of gateways append without conflicts, with a counter ({@code
 * audit-count}, atomic adds) that lets retention bound their number without counting them.
 *
 * <p>An entry's id is {@code <time>.<24 hex digits>}: its time and its place among the entries of
 * that millisecond. A page starts at a time (epoch ms: the entries at or after it) or after an id
 * (a previous page's {@code next}).
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe; every method blocks on the store.
 */
public final class AuditTrail implements AutoCloseable {
  /** Most entries one page holds. */
  public static final int MAX_PAGE = 1_000;

  private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
  private static final Pattern CURSOR = Pattern.compile("(\\d{1,18})(?:\\.([0-9a-f]{24}))?");
  private static final byte VERSIONSTAMP_CODE = 0x33;
  private static final int STAMP_BYTES = 12;
  private static final int TRIM_PAGE = 1_000;

  private final Keyspace keyspace;
  private final TransactionRunner runner;

  public AuditTrail(Store store, Keyspace keyspace) {
    this.keyspace = keyspace;
    // A retried append whose first commit went through adds the entries twice: better than none.
    this.runner =
        new TransactionRunner(store, TransactionRunner.Config.defaults().withIdempotent(true));
  }

  /** One page of stored entries, oldest first, and where the next page starts. */
  public record Page(List<Stored> entries, String next) {}

  /** A stored entry and its id. */
  public record Stored(String id, AuditEntry entry) {}

  /** Appends {@code entries} in one transaction. */
  public void append(List<AuditEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    List<byte[]> values = new ArrayList<>(entries.size());
    for (AuditEntry entry : entries) {
      values.add(entry.json().getBytes(StandardCharsets.UTF_8));
    }
    runner.run(
        tx -> {
          for (int i = 0; i < entries.size(); i++) {
            tx.setVersionstampedKey(
                keyspace.auditAt(entries.get(i).time()), i, new byte[0], values.get(i));
          }
          tx.add(keyspace.auditCount(), entries.size());
          return null;
        });
  }

  /**
   * Up to {@code limit} entries from {@code from}: a time in epoch ms (entries at or after it) or
   * an entry's id (entries after it); {@code next} is the last entry's id, or {@code from} when the
   * page is empty.
   *
   * @throws IllegalArgumentException when {@code from} is neither, or {@code limit} is outside
   *     1..{@value #MAX_PAGE}
   */
  public Page page(String from, int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_PAGE + ", was " + limit);
    }
    byte[] begin = start(from);
    byte[] end = Keyspace.end(keyspace.audit());
    List<KeyValue> rows = runner.run(tx -> tx.snapshot().getRange(begin, end, limit, false));
    List<Stored> entries = new ArrayList<>(rows.size());
    for (KeyValue row : rows) {
      String id = id(row.key());
      try {
        entries.add(new Stored(id, AuditEntry.parse(row.value())));
      } catch (IOException e) {
        LOG.warn("audit entry {} is not readable; skipped", id, e);
      }
    }
    String next = rows.isEmpty() ? from : id(rows.get(rows.size() - 1).key());
    return new Page(entries, next);
  }

  /**
   * Removes the entries older than {@code maxAge}, then the oldest beyond {@code maxEntries};
   * returns how many it removed. Run by one process at a time (the retention sweeper), though two
   * at once only conflict and retry.
   */
  public int sweep(Duration maxAge, long maxEntries, LongSupplier clock) {
    byte[] tooOld = keyspace.auditAt(clock.getAsLong() - maxAge.toMillis());
    int removed = 0;
    try {
      int page;
      do {
        page = runner.run(tx -> trim(tx, tx.getRange(keyspace.audit(), tooOld, TRIM_PAGE, false)));
        removed += page;
      } while (page == TRIM_PAGE);
      do {
        page =
            runner.run(
                tx -> {
                  long over = count(tx.snapshot()) - maxEntries;
                  if (over <= 0) {
                    return 0;
                  }
                  int n = (int) Math.min(over, TRIM_PAGE);
                  return trim(tx, tx.getPrefix(keyspace.audit(), n));
                });
        removed += page;
      } while (page == TRIM_PAGE);
    } catch (RuntimeException e) {
      LOG.warn("trimming the audit log failed; trying again at the next sweep", e);
    }
    return removed;
  }

  /** How many entries are kept. */
  public long count() {
    return runner.run(tx -> count(tx.snapshot()));
  }

  private long count(ReadView view) {
    byte[] value = view.get(keyspace.auditCount());
    return value == null ? 0 : ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  /** Clears {@code rows} (read in {@code tx}, so a concurrent sweep conflicts) and counts them. */
  private int trim(Transaction tx, List<KeyValue> rows) {
    if (rows.isEmpty()) {
      return 0;
    }
    byte[] last = rows.get(rows.size() - 1).key();
    tx.clearRange(rows.get(0).key(), Keys.concat(last, new byte[] {0}));
    tx.add(keyspace.auditCount(), -rows.size());
    return rows.size();
  }

  private byte[] start(String from) {
    if (from == null) {
      return keyspace.audit();
    }
    Matcher m = CURSOR.matcher(from);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "from must be a time in epoch ms or an entry id (<time>.<24 hex digits>), was '"
              + (from.length() > 64 ? from.substring(0, 64) + "..." : from)
              + "'");
    }
    byte[] at = keyspace.auditAt(Long.parseLong(m.group(1)));
    if (m.group(2) == null) {
      return at;
    }
    byte[] stamp = HexFormat.of().parseHex(m.group(2));
    ByteBuffer after = ByteBuffer.allocate(2 + STAMP_BYTES);
    after.put(VERSIONSTAMP_CODE).put(stamp).put((byte) 0);
    return Keys.concat(at, after.array());
  }

  /** {@code <time>.<hex of the versionstamp>} of a stored entry's key. */
  private String id(byte[] key) {
    long time = keyspace.unpack(key).getLong(1);
    return time + "." + HexFormat.of().formatHex(key, key.length - STAMP_BYTES, key.length);
  }

  @Override
  public void close() {
    runner.close();
  }
}
