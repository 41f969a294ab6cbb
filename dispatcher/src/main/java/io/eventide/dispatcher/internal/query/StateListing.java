package io.eventide.dispatcher.internal.query;

import io.eventide.dispatcher.api.StatePage;
import io.eventide.store.KeyValue;
import io.eventide.store.Keys;
import io.eventide.store.ReadView;
import io.eventide.store.keyspace.Keyspace;
import io.eventide.store.keyspace.StateTtl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lists the instances of one function type that have state, from one snapshot. State keys are
 * {@code state/<ns>/<type>/<id>/<value>[/<part>]}, so the ids are the distinct fourth elements of
 * the type's range: each read takes a run of rows, keeps their new ids, and the next read starts
 * after the last id seen, skipping whatever rows of it remain (many values, or a large one's
 * parts).
 *
 * <h2>Thread safety</h2>
 *
 * One use, on one thread.
 */
final class StateListing {
  /** The most value bytes a page with values holds; a page holds at least one instance. */
  static final long MAX_PAGE_BYTES = 8 << 20;

  private final Keyspace keyspace;
  private final ReadView view;
  private final String namespace;
  private final String type;

  StateListing(Keyspace keyspace, ReadView view, String namespace, String type) {
    this.keyspace = keyspace;
    this.view = view;
    this.namespace = namespace;
    this.type = type;
  }

  StatePage page(String after, int limit, boolean values) {
    // One id past the page tells whether there is a next one.
    List<String> ids = ids(after, limit + 1);
    boolean more = ids.size() > limit;
    List<String> page = more ? ids.subList(0, limit) : ids;
    if (!values) {
      List<StatePage.Instance> instances = new ArrayList<>(page.size());
      page.forEach(id -> instances.add(new StatePage.Instance(id, Map.of())));
      return new StatePage(instances, more ? page.get(page.size() - 1) : null);
    }
    return withValues(page, more);
  }

  private StatePage withValues(List<String> ids, boolean more) {
    List<byte[][]> ranges = new ArrayList<>(ids.size());
    ids.forEach(
        id -> ranges.add(new byte[][] {keyspace.stateOf(namespace, type, id), pastKeysOf(id)}));
    // One call for all of them: a remote store answers it in one round trip.
    List<List<KeyValue>> rows = view.getRanges(ranges, 0);
    List<StatePage.Instance> instances = new ArrayList<>(ids.size());
    long bytes = 0;
    for (int i = 0; i < ids.size(); i++) {
      Map<String, byte[]> state =
          StateTtl.visible(
              keyspace.stateValues(ranges.get(i)[0], rows.get(i)), System.currentTimeMillis());
      long size = state.values().stream().mapToLong(v -> v.length).sum();
      if (!instances.isEmpty() && bytes + size > MAX_PAGE_BYTES) {
        return new StatePage(instances, instances.get(instances.size() - 1).id());
      }
      bytes += size;
      instances.add(new StatePage.Instance(ids.get(i), state));
    }
    return new StatePage(instances, more ? ids.get(ids.size() - 1) : null);
  }

  /** Up to {@code max} ids after {@code after} (null: from the first). */
  private List<String> ids(String after, int max) {
    byte[] typePrefix = keyspace.stateOfType(namespace, type);
    byte[] end = Keyspace.end(typePrefix);
    byte[] begin = after == null ? typePrefix : pastKeysOf(after);
    int rows = Math.min(4096, Math.max(64, max * 2));
    List<String> ids = new ArrayList<>();
    while (ids.size() < max) {
      List<KeyValue> read = view.getRange(begin, end, rows, false);
      String last = null;
      for (KeyValue row : read) {
        String id = keyspace.unpack(row.key()).getString(3);
        if (!id.equals(last)) {
          last = id;
          ids.add(id);
          if (ids.size() == max) {
            return ids;
          }
        }
      }
      if (read.size() < rows) {
        return ids;
      }
      begin = pastKeysOf(last);
    }
    return ids;
  }

  /**
   * Just past the keys of instance {@code id}: its values' names are tuple strings ({@code 0x02}
   * first), while an id that extends it with a NUL ({@code "a\0b"} after {@code "a"}) continues
   * with the escape {@code 0xff}. The tuple prefix's own end ({@code strinc}) would skip that id.
   */
  private byte[] pastKeysOf(String id) {
    return Keys.concat(keyspace.stateOf(namespace, type, id), new byte[] {(byte) 0xff});
  }
}
