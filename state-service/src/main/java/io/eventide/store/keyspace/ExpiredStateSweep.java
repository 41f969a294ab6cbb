package io.eventide.store.keyspace;

import com.apple.foundationdb.tuple.Tuple;
import io.eventide.store.KeyValue;
import io.eventide.store.Keys;
import io.eventide.store.ReadView;
import io.eventide.store.Transaction;
import io.eventide.store.TransactionRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Removes expired state ({@link StateTtl}) in the background: walks the values, then the maps, then
 * the lists of every instance, in transactions of at most {@link #ROWS_PER_TRANSACTION} rows read,
 * and resumes where the last one stopped. Maps and lists without a TTL are passed over whole, one
 * read each.
 *
 * <p>A transaction reads at a snapshot and removes an expired item only under a read conflict on
 * it, so that a write of the same key committed meanwhile (a handler that set the value again)
 * makes the sweep's transaction fail and retry against the new value: a write after expiry always
 * survives the sweep. Processing never waits for it: its transactions are small, and handlers
 * already treat expired state as absent whether or not it was swept.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe: one sweeper, called from one thread at a time.
 */
public final class ExpiredStateSweep {
  /** Most rows one transaction reads, parts of large values included. */
  public static final int ROWS_PER_TRANSACTION = 512;

  /** Most range reads one transaction makes (a read per passed-over map or list). */
  static final int READS_PER_TRANSACTION = 64;

  private static final String[] SECTIONS = {"state", "maps", "lists"};

  private final Keyspace keyspace;
  private final TransactionRunner runner;
  private final LongSupplier clock;
  private final long graceMillis;
  private final byte[] root;
  private int section;
  private byte[] cursor;

  /**
   * @param clock processing time, epoch ms
   * @param graceMillis how long past its expiry an item is left, for clocks of other nodes that lag
   *     this one (their handlers must not find an item missing that they still see alive)
   */
  public ExpiredStateSweep(
      Keyspace keyspace, TransactionRunner runner, LongSupplier clock, long graceMillis) {
    this.keyspace = keyspace;
    this.runner = runner;
    this.clock = clock;
    this.graceMillis = graceMillis;
    this.root = keyspace.root();
  }

  /**
   * Runs at most {@code transactions} transactions, stopping early when a pass over the whole
   * keyspace ends; returns how many items it removed.
   */
  public int sweep(int transactions) {
    int removed = 0;
    for (int n = 0; n < transactions; n++) {
      Step step = runner.run(this::step);
      removed += step.removed;
      section = step.section;
      cursor = step.cursor;
      if (step.passEnded) {
        break;
      }
    }
    return removed;
  }

  /** Whether the next transaction starts a new pass over the keyspace. */
  public boolean atStart() {
    return section == 0 && cursor == null;
  }

  /** What one transaction did, and where the next starts: applied only once it committed. */
  private record Step(int removed, int section, byte[] cursor, boolean passEnded) {}

  private Step step(Transaction tx) {
    long now = clock.getAsLong() - graceMillis;
    ReadView view = tx.snapshot();
    int at = section;
    byte[] from = cursor;
    int rows = 0;
    int removed = 0;
    for (int reads = 0; reads < READS_PER_TRANSACTION && rows < ROWS_PER_TRANSACTION; reads++) {
      byte[] prefix = Keyspace.extend(root, SECTIONS[at]);
      byte[] begin = from == null ? prefix : from;
      List<KeyValue> read =
          view.getRange(begin, Keys.strinc(prefix), ROWS_PER_TRANSACTION - rows, false);
      rows += read.size();
      if (read.isEmpty()) {
        if (at == SECTIONS.length - 1) {
          return new Step(removed, 0, null, true);
        }
        at++;
        from = null;
        continue;
      }
      boolean cut = rows == ROWS_PER_TRANSACTION;
      Swept swept = at == 0 ? values(tx, read, cut, now) : collection(tx, at, read, cut, now);
      removed += swept.removed;
      if (swept.next == null) { // cut inside a large value: the next transaction reads it whole
        from = reads == 0 ? pastRow(read.get(read.size() - 1)) : begin;
        if (reads > 0) {
          break;
        }
        continue;
      }
      from = swept.next;
    }
    return new Step(removed, at, from, false);
  }

  /** How many items a read removed, and where the next read starts. */
  private record Swept(int removed, byte[] next) {}

  /** Values ({@code state/ns/type/id/name}): the expired ones with a TTL go. */
  private Swept values(Transaction tx, List<KeyValue> read, boolean cut, long now) {
    // By the keys' bytes: most values have no TTL, and decoding every key of a million instances
    // was nearly all an idle node allocated.
    List<LargeValues.Value> values =
        LargeValues.assemble(read, key -> StringElements.exactly(key, root.length, 5), cut);
    int removed = 0;
    for (LargeValues.Value value : values) {
      if (!StringElements.lastEndsWith(value.key(), StateTtl.SUFFIX)
          && !StringElements.lastEndsWith(value.key(), StateTtl.LIST_ON_ACCESS)) {
        continue;
      }
      Tuple key = keyspace.unpack(value.key());
      String name = key.getString(4);
      boolean byItem = StateTtl.expiresByItem(name);
      if ((byItem || name.endsWith(StateTtl.LIST_ON_ACCESS))
          && !StateTtl.alive(value.value(), now)) {
        remove(tx, value);
        if (!byItem) { // the expiry of a whole list: the list goes with it
          byte[] list = keyspace.list(key.getString(1), key.getString(2), key.getString(3), name);
          tx.clearRange(list, Keys.strinc(list));
        }
        removed++;
      }
    }
    return new Swept(removed, resume(read, values, cut));
  }

  /**
   * The first map or list among {@code read}: passed over whole without a TTL on its items, else
   * its expired entries (or its segments whose every element expired) go.
   */
  private Swept collection(Transaction tx, int at, List<KeyValue> read, boolean cut, long now) {
    Tuple first = keyspace.unpack(read.get(0).key());
    String name = first.getString(4);
    byte[] prefix =
        Keyspace.extend(
            root, SECTIONS[at], first.getString(1), first.getString(2), first.getString(3), name);
    byte[] end = Keys.strinc(prefix);
    if (!StateTtl.expiresByItem(name)) {
      return new Swept(0, end);
    }
    List<KeyValue> mine = new ArrayList<>(read.size());
    for (KeyValue row : read) {
      if (!startsWith(row.key(), prefix)) {
        cut = false; // the collection ends within this read
        break;
      }
      mine.add(row);
    }
    List<LargeValues.Value> items =
        at == 1
            ? LargeValues.assemble(mine, key -> keyspace.unpack(key).size() == 6, cut)
            : ListSegments.segments(prefix, mine, cut);
    int removed = 0;
    for (LargeValues.Value item : items) {
      if (at == 1 ? !StateTtl.alive(item.value(), now) : allExpired(item, now)) {
        remove(tx, item);
        removed++;
      }
    }
    return new Swept(removed, cut ? resume(mine, items, true) : end);
  }

  private static boolean allExpired(LargeValues.Value segment, long now) {
    List<byte[]> elements = new ArrayList<>();
    ListSegments.decode(segment, elements);
    for (byte[] element : elements) {
      if (StateTtl.alive(element, now)) {
        return false;
      }
    }
    return true;
  }

  /** Removes {@code item}, unless it was written since the snapshot that found it expired. */
  private static void remove(Transaction tx, LargeValues.Value item) {
    tx.addReadConflictRange(item.key(), LargeValues.after(item.key()));
    LargeValues.clear(tx, item.key(), item.large());
  }

  /**
   * Where reading resumes after {@code read}, whose whole values are {@code values}; null when the
   * read was cut before the end of its first value.
   */
  private static byte[] resume(List<KeyValue> read, List<LargeValues.Value> values, boolean cut) {
    if (!cut) {
      return pastRow(read.get(read.size() - 1));
    }
    return values.isEmpty() ? null : LargeValues.after(values.get(values.size() - 1).key());
  }

  private static byte[] pastRow(KeyValue row) {
    return Keys.concat(row.key(), new byte[] {0});
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && java.util.Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}
