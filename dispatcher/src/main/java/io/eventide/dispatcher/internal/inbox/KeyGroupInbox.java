package io.eventide.dispatcher.internal.inbox;

import io.eventide.dispatcher.internal.routing.Addresses;
import io.eventide.protocol.InboxEntry;
import io.eventide.store.KeyValue;
import io.eventide.store.Keys;
import io.eventide.store.ReadView;
import io.eventide.store.keyspace.Keyspace;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The in-memory window onto one key group's durable inbox. Entries are loaded page by page in key
 * (= commit) order from a cursor, a stored chunk at a time ({@link InboxChunks}), kept until their
 * batch commits, and then dropped. Because the store assigns versionstamps in commit order and a
 * shard is told about a key group only after its commit, reading from the cursor never misses an
 * entry.
 *
 * <h2>Thread safety</h2>
 *
 * Confined to its shard's thread.
 */
public final class KeyGroupInbox {
  final int keyGroup;
  private final byte[] prefix;
  private final byte[] end;
  private final Addresses addresses;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private byte[] cursor;
  private boolean mayHaveMore = true;

  /** Entries per stored chunk in the last read, to size the next. */
  private int entriesPerRow = InboxChunks.MAX_ENTRIES / 2;

  /** Chunks found fully consumed but not deleted (a crash came between), for the next commit. */
  private final List<Chunk> leftovers;

  /** The highest source watermark stamped on an entry loaded so far. */
  private long maxStamp = Long.MIN_VALUE;

  /** How many entries in memory each source has. */
  private final Map<String, Integer> sources = new HashMap<>(4);

  public KeyGroupInbox(
      int keyGroup, Keyspace keyspace, Addresses addresses, List<Chunk> leftovers) {
    this.keyGroup = keyGroup;
    this.leftovers = leftovers;
    this.addresses = addresses;
    this.prefix = keyspace.inbox(keyGroup);
    this.end = Keyspace.end(prefix);
  }

  /** Something was committed to this inbox: look again from the cursor. */
  public void signal() {
    mayHaveMore = true;
  }

  public boolean idle() {
    return pending.isEmpty() && !mayHaveMore;
  }

  /** False when the store may hold entries of this key group that are not in memory yet. */
  public boolean loadedAll() {
    return !mayHaveMore;
  }

  /** Tops up the in-memory window to about {@code page} entries if the store may hold more. */
  public void load(ReadView view, int page) {
    byte[][] range = wanted(page);
    for (int rows = rows(page); range != null; rows *= 2) {
      if (loaded(view.getRange(range[0], range[1], rows, false), rows)) {
        return;
      }
      // Not one whole chunk within the limit: read further from the same place.
    }
  }

  /** The range to read to top up the window to {@code page} entries; null when there is no need. */
  public byte[][] wanted(int page) {
    if (!mayHaveMore || pending.size() >= page / 2) {
      return null;
    }
    return new byte[][] {cursor == null ? prefix : Keys.keyAfter(cursor), end};
  }

  /**
   * How many rows to read for {@code page}: rows are chunks of up to 64 entries (and their masks,
   * and the parts of large ones), so as many as should fill the page at the sizes seen so far, and
   * at least {@link InboxChunks#MIN_ROWS}, so that the largest chunk and its mask fit.
   */
  public int rows(int page) {
    return Math.max(InboxChunks.MIN_ROWS, (page - pending.size()) / entriesPerRow);
  }

  /**
   * Takes in the {@code rows} read from {@link #wanted}'s range with limit {@code want}; false when
   * the read was cut before the end of its first chunk, which must then be read with a higher
   * limit.
   */
  public boolean loaded(List<KeyValue> rows, int want) {
    boolean cut = rows.size() == want;
    InboxChunks.Page read = InboxChunks.chunks(prefix, rows, cut);
    int entries = 0;
    SourceCount counted = new SourceCount();
    for (InboxChunks.Stored stored : read.chunks()) {
      List<InboxEntry> list = stored.entries();
      Chunk chunk =
          new Chunk(stored.key(), keyGroup, list.size(), stored.consumed(), stored.large());
      if (chunk.leftover()) {
        leftovers.add(chunk);
      }
      for (int slot = 0; slot < list.size(); slot++) {
        if (!stored.consumed(slot)) {
          InboxEntry entry = list.get(slot);
          add(new Pending(chunk, slot, entry, addresses.intern(entry.getTarget())), counted);
        }
      }
      entries += list.size();
    }
    counted.flush();
    if (read.resumeAfter() != null) {
      cursor = read.resumeAfter();
    }
    if (!read.chunks().isEmpty()) {
      entriesPerRow = Math.max(1, entries / read.chunks().size());
    }
    mayHaveMore = cut;
    return !cut || read.resumeAfter() != null;
  }

  /**
   * Appends a call handed over in memory, if every durable entry of this key group is already in
   * memory ahead of it; false otherwise (the caller then takes the durable path).
   */
  public boolean appendDirect(Pending call) {
    if (mayHaveMore) {
      return false;
    }
    SourceCount counted = new SourceCount();
    add(call, counted);
    counted.flush();
    return true;
  }

  private void add(Pending p, SourceCount counted) {
    pending.add(p);
    maxStamp = Math.max(maxStamp, p.entry.getSourceWatermark());
    counted.add(p.entry.getSource(), 1);
  }

  /**
   * The sequence of the first unhandled entry of {@code source} here; {@code Long.MAX_VALUE} when
   * there is none, {@code Long.MIN_VALUE} when the store may hold entries not loaded yet.
   */
  public long firstPendingSequence(String source) {
    if (mayHaveMore) {
      return Long.MIN_VALUE;
    }
    for (Pending p : pending) {
      if (!p.consumed && p.entry.getSource().equals(source)) {
        return p.entry.getSourceSequence();
      }
    }
    return Long.MAX_VALUE;
  }

  /** For each source with entries here not yet taken into a batch, the stamp of the first. */
  public Map<String, Long> firstUntakenStamps() {
    Map<String, Long> stamps = new HashMap<>(4);
    for (Pending p : pending) {
      if (!p.taken && !p.consumed) {
        stamps.putIfAbsent(p.entry.getSource(), p.entry.getSourceWatermark());
        // Usually one source feeds a key group: stop at the first entry of each instead of
        // walking the whole page every round.
        if (stamps.size() == sources.size()) {
          break;
        }
      }
    }
    return stamps;
  }

  /** The highest watermark stamped on any entry loaded so far. */
  public long maxStamp() {
    return maxStamp;
  }

  public Iterable<Pending> pending() {
    return pending;
  }

  /** Drops the entries whose batch committed. */
  public int removeConsumed() {
    int removed = 0;
    SourceCount counted = new SourceCount();
    for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (p.consumed) {
        it.remove();
        removed++;
        counted.add(p.entry.getSource(), -1);
      }
    }
    counted.flush();
    return removed;
  }

  public int size() {
    return pending.size();
  }

  /**
   * Changes to {@link #sources} gathered over a run of entries of one source (the decoder shares
   * its string), one map update per run instead of one per entry.
   */
  private final class SourceCount {
    private String source;
    private int delta;

    void add(String of, int change) {
      if (of != source) {
        flush();
        source = of;
      }
      delta += change;
    }

    void flush() {
      if (source != null && delta != 0) {
        sources.merge(source, delta, (n, d) -> n + d == 0 ? null : n + d);
      }
      source = null;
      delta = 0;
    }
  }
}
