package io.eventide.dispatcher.internal.timers;

import com.apple.foundationdb.tuple.Tuple;
import io.eventide.dispatcher.internal.inbox.Pending;
import io.eventide.dispatcher.internal.routing.Addr;
import io.eventide.dispatcher.internal.routing.Addresses;
import io.eventide.store.KeyValue;
import io.eventide.store.ReadView;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.keyspace.Keyspace;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The timers of a shard's key groups. They live in the store under {@code timers/<kg>/<time>/...}
 * (event time) and {@code ptimers/<kg>/<time>/...} (processing time); memory keeps only a lower
 * bound of each key group's earliest timer per domain, so memory does not grow with the number of
 * timers. Due ones are read when a key group's watermark (or the clock) may have reached that
 * bound.
 *
 * <h2>Thread safety</h2>
 *
 * Confined to its shard's thread.
 */
public final class TimerIndex {
  /** Most timers of one key group and domain read in one round. */
  private static final int LOAD_LIMIT = 2_000;

  private final Store store;
  private final Keyspace keyspace;
  private final Addresses addresses;
  private final Set<Integer> keyGroups;
  private final long[] nextEvent;
  private final long[] nextProcessing;

  public TimerIndex(
      Store store, Keyspace keyspace, int groups, Set<Integer> keyGroups, Addresses addresses) {
    this.store = store;
    this.keyspace = keyspace;
    this.addresses = addresses;
    this.keyGroups = keyGroups;
    this.nextEvent = new long[groups];
    this.nextProcessing = new long[groups];
  }

  /**
   * Reads each key group's earliest timers once, at start: a transaction each, since a remote store
   * expires a snapshot held for hundreds of reads under load.
   */
  public void init() {
    keyGroups.forEach(this::reload);
  }

  /** Reads {@code keyGroup}'s earliest timers again: it was taken over from another dispatcher. */
  public void reload(int keyGroup) {
    try (Transaction tx = store.begin()) {
      // Both domains in one read: with a remote store each read is a round trip.
      List<List<KeyValue>> first = tx.snapshot().getRanges(firstRanges(keyGroup), 1);
      loaded(keyGroup, first.get(0), first.get(1));
    }
  }

  /**
   * The ranges whose first keys {@link #loaded} wants, event time then processing time: a takeover
   * reads them for a portion of groups together with what else it needs, in one round trip.
   */
  public List<byte[][]> firstRanges(int keyGroup) {
    byte[] event = keyspace.timers(keyGroup);
    byte[] processing = keyspace.processingTimers(keyGroup);
    return List.of(
        new byte[][] {event, Keyspace.end(event)},
        new byte[][] {processing, Keyspace.end(processing)});
  }

  /**
   * {@code keyGroup}'s earliest timers are the first of these rows, read by {@link #firstRanges}.
   */
  public void loaded(int keyGroup, List<KeyValue> event, List<KeyValue> processing) {
    nextEvent[keyGroup] = time(event);
    nextProcessing[keyGroup] = time(processing);
  }

  /** The time of the first of {@code rows}, the timers read from a group's start; none: never. */
  private long time(List<KeyValue> rows) {
    return rows.isEmpty() ? Long.MAX_VALUE : keyspace.unpack(rows.get(0).key()).getLong(2);
  }

  private long first(ReadView view, byte[] from, byte[] end) {
    return time(view.getRange(from, end, 1, false));
  }

  /** A committed batch registered a timer. */
  public void registered(int keyGroup, long time, boolean processing) {
    long[] next = processing ? nextProcessing : nextEvent;
    next[keyGroup] = Math.min(next[keyGroup], time);
  }

  public boolean maybeDue(int keyGroup, long eventBound, long now) {
    return nextEvent[keyGroup] <= eventBound || nextProcessing[keyGroup] <= now;
  }

  /** The earliest processing-time timer of any key group of the shard. */
  public long nextProcessingDue() {
    long next = Long.MAX_VALUE;
    for (int kg : keyGroups) {
      next = Math.min(next, nextProcessing[kg]);
    }
    return next;
  }

  /**
   * The timers of {@code keyGroup} that may be due: event time up to {@code eventBound}, processing
   * time up to {@code now}.
   */
  public Due load(ReadView view, int keyGroup, long eventBound, long now) {
    Due due = new Due();
    if (nextEvent[keyGroup] <= eventBound) {
      nextEvent[keyGroup] =
          read(
              view,
              keyGroup,
              keyspace.timers(keyGroup),
              nextEvent[keyGroup],
              eventBound,
              due.event,
              Pending.Kind.EVENT_TIMER);
    }
    if (nextProcessing[keyGroup] <= now) {
      nextProcessing[keyGroup] =
          read(
              view,
              keyGroup,
              keyspace.processingTimers(keyGroup),
              nextProcessing[keyGroup],
              now,
              due.processing,
              Pending.Kind.PROCESSING_TIMER);
    }
    return due;
  }

  /**
   * Reads timers from {@code lowest} up to {@code bound} into {@code into}; returns the new lower
   * bound of the earliest timer. The read starts at {@code lowest}, not at the group's first key:
   * every timer below it has fired, and the store keeps their deletions until compaction, which a
   * read from the first key would step over one by one (a tenth of a shard's time, windowed).
   */
  private long read(
      ReadView view,
      int keyGroup,
      byte[] prefix,
      long lowest,
      long bound,
      Map<Addr, ArrayDeque<Pending>> into,
      Pending.Kind kind) {
    byte[] from = Keyspace.extend(prefix, lowest);
    byte[] end =
        bound == Long.MAX_VALUE
            ? Keyspace.end(prefix)
            : Keyspace.end(Keyspace.extend(prefix, bound));
    List<KeyValue> rows = view.getRange(from, end, LOAD_LIMIT, false);
    if (rows.isEmpty()) {
      return first(view, end, Keyspace.end(prefix));
    }
    long earliest = Long.MAX_VALUE;
    for (KeyValue row : rows) {
      Tuple t = keyspace.unpack(row.key());
      Addr address = addresses.intern(new Addr(t.getString(3), t.getString(4), t.getString(5)));
      long time = t.getLong(2);
      earliest = Math.min(earliest, time);
      into.computeIfAbsent(address, a -> new ArrayDeque<>())
          .add(Pending.timer(row.key(), address, time, keyGroup, kind));
    }
    // The ones read stay the earliest until their firing commits; then the next read moves on.
    return earliest;
  }

  /** Which event-time timers {@link #countEvent} counts. */
  @FunctionalInterface
  public interface TimerFilter {
    boolean counts(String namespace, String type, long time);
  }

  /**
   * Counts the event-time timers of {@code keyGroup} that {@code filter} accepts, reading at most
   * {@code scanLimit} timers from the earliest on; read-only. Past the limit without having found
   * one, it answers 1: there may be one further on, and a status must not claim none is left.
   */
  public long countEvent(ReadView view, int keyGroup, TimerFilter filter, int scanLimit) {
    if (nextEvent[keyGroup] == Long.MAX_VALUE) {
      return 0;
    }
    byte[] prefix = keyspace.timers(keyGroup);
    byte[] from = Keyspace.extend(prefix, nextEvent[keyGroup]);
    List<KeyValue> rows = view.getRange(from, Keyspace.end(prefix), scanLimit, false);
    long count = 0;
    for (KeyValue row : rows) {
      Tuple t = keyspace.unpack(row.key());
      if (filter.counts(t.getString(3), t.getString(4), t.getLong(2))) {
        count++;
      }
    }
    return count == 0 && rows.size() == scanLimit ? 1 : count;
  }

  /** Due timers of one key group by address, each address's in time order. */
  public static final class Due {
    public final Map<Addr, ArrayDeque<Pending>> event = new LinkedHashMap<>();
    public final Map<Addr, ArrayDeque<Pending>> processing = new LinkedHashMap<>();

    public boolean isEmpty() {
      return event.isEmpty() && processing.isEmpty();
    }
  }
}
