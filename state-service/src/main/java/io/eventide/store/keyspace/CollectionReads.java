package io.eventide.store.keyspace;

import com.apple.foundationdb.tuple.Tuple;
import io.eventide.store.KeyValue;
import io.eventide.store.Keys;
import io.eventide.store.ReadView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads of an instance's maps and lists ({@link Keyspace#map}, {@link Keyspace#list}) a page at a
 * time, the same for a worker running a handler and for the state queries: bounded by rows, never
 * by whole maps or lists, and never cutting an entry or a segment stored in parts.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless; the views passed in are not thread-safe.
 */
public final class CollectionReads {
  /** Rows read at once: a 1 MiB map entry is a header and 12 parts. */
  static final int ROWS_PER_READ = 128;

  /** Most names {@link #names} returns. */
  public static final int MAX_NAMES = 1_000;

  private CollectionReads() {}

  /** Some stored elements of a list, in order, and where the next page starts (null: the end). */
  public record ListPage(List<byte[]> elements, byte[] next) {}

  /**
   * Up to {@code limit} entries of the map at {@code prefix} ({@link Keyspace#map}) whose keys come
   * after {@code after} (an entry's key, {@link Keyspace#mapEntry}; null: from the first).
   */
  public static List<Map.Entry<byte[], byte[]>> mapPage(
      ReadView view, Keyspace keyspace, byte[] prefix, byte[] after, int limit) {
    byte[] end = Keys.strinc(prefix);
    byte[] begin = after == null ? prefix : LargeValues.after(after);
    List<Map.Entry<byte[], byte[]>> page = new ArrayList<>(limit);
    int rows = Math.max(ROWS_PER_READ, limit);
    while (page.size() < limit) {
      List<KeyValue> read = view.getRange(begin, end, rows, false);
      boolean cut = read.size() == rows;
      List<KeyValue> entries = keyspace.mapEntryRows(read, cut);
      for (KeyValue entry : entries) {
        if (page.size() == limit) {
          break;
        }
        page.add(Map.entry(keyspace.unpack(entry.key()).getBytes(5), entry.value()));
      }
      if (!cut) {
        break;
      }
      begin =
          entries.isEmpty()
              // Only unreferenced parts in a whole read: go on past them.
              ? Keys.concat(read.get(read.size() - 1).key(), new byte[] {0})
              : LargeValues.after(entries.get(entries.size() - 1).key());
    }
    return page;
  }

  /**
   * The whole segments of the list at {@code prefix} ({@link Keyspace#list}) from {@code from}
   * (null: the first), at least one when there is one: a segment holds what one commit appended, up
   * to 8 MiB in parts, so the read grows until one is whole.
   */
  public static ListPage listPage(ReadView view, byte[] prefix, byte[] from) {
    byte[] begin = from == null ? prefix : from;
    byte[] end = Keys.strinc(prefix);
    for (int rows = ROWS_PER_READ; ; rows *= 2) {
      List<KeyValue> read = view.getRange(begin, end, rows, false);
      boolean cut = read.size() == rows;
      List<LargeValues.Value> segments = ListSegments.segments(prefix, read, cut);
      if (segments.isEmpty() && cut) {
        continue;
      }
      List<byte[]> elements = new ArrayList<>();
      segments.forEach(segment -> ListSegments.decode(segment, elements));
      byte[] next = cut ? LargeValues.after(segments.get(segments.size() - 1).key()) : null;
      return new ListPage(elements, next);
    }
  }

  /**
   * The names under {@code prefix} (an instance's maps or lists, {@link Keyspace#mapsOf}, {@link
   * Keyspace#listsOf}), at most {@link #MAX_NAMES}: one row read per name, skipping its contents.
   */
  public static List<String> names(ReadView view, Keyspace keyspace, byte[] prefix) {
    List<String> names = new ArrayList<>();
    byte[] begin = prefix;
    byte[] end = Keys.strinc(prefix);
    int depth = keyspace.unpack(prefix).size();
    while (names.size() < MAX_NAMES) {
      List<KeyValue> first = view.getRange(begin, end, 1, false);
      if (first.isEmpty()) {
        break;
      }
      Tuple key = keyspace.unpack(first.get(0).key());
      String name = key.getString(depth);
      names.add(name);
      // Names are state names: no NUL in them, so no other name's encoding extends this one's.
      begin = Keys.strinc(Keys.concat(prefix, Tuple.from(name).pack()));
    }
    return names;
  }
}
