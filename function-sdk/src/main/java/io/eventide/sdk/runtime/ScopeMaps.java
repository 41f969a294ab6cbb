package io.eventide.sdk.runtime;

import io.eventide.sdk.Address;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * The maps one {@link HandlerScope} touched: what its kept calls did to each (one {@link
 * MapChange}, replaced as calls return), what the running call does (dropped if it throws), and
 * reads that look through both to the stored map.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe, as its scope; the {@link MapChange}s it hands out are immutable.
 */
final class ScopeMaps {
  /** Stored entries read per page while iterating: bounded, as values may be 1 MiB each. */
  static final int PAGE = 64;

  private final Address self;
  private final StoredCollections stored;
  private final Map<String, MapChange> kept = new HashMap<>();
  private final Map<String, Staged> staged = new HashMap<>();

  ScopeMaps(Address self, StoredCollections stored) {
    this.self = self;
    this.stored = stored;
  }

  /** The running call's changes to one map. */
  private static final class Staged {
    boolean cleared;
    final TreeMap<byte[], byte[]> entries = MapChange.newEntries();
  }

  /** The value under {@code key}, or null. */
  byte[] get(String name, byte[] key) {
    Staged call = staged.get(name);
    if (call != null) {
      if (call.entries.containsKey(key)) {
        return present(call.entries.get(key));
      }
      if (call.cleared) {
        return null;
      }
    }
    MapChange done = kept.get(name);
    if (done != null) {
      if (done.entries().containsKey(key)) {
        return present(done.entries().get(key));
      }
      if (done.cleared()) {
        return null;
      }
    }
    return stored.mapGet(self, name, key);
  }

  void put(String name, byte[] key, byte[] value) {
    staged.computeIfAbsent(name, n -> new Staged()).entries.put(key, value);
  }

  void remove(String name, byte[] key) {
    staged.computeIfAbsent(name, n -> new Staged()).entries.put(key, HandlerScope.ABSENT);
  }

  void clear(String name) {
    Staged call = staged.computeIfAbsent(name, n -> new Staged());
    call.cleared = true;
    call.entries.clear();
  }

  /**
   * Every entry of map {@code name} in key order: the stored ones read a page at a time, with this
   * scope's changes, as they are now, laid over them.
   */
  Iterator<Map.Entry<byte[], byte[]>> entries(String name) {
    TreeMap<byte[], byte[]> overlay = MapChange.newEntries();
    boolean cleared = false;
    MapChange done = kept.get(name);
    if (done != null) {
      cleared = done.cleared();
      overlay.putAll(done.entries());
    }
    Staged call = staged.get(name);
    if (call != null) {
      if (call.cleared) {
        cleared = true;
        overlay.clear();
      }
      overlay.putAll(call.entries);
    }
    return new Merged(name, cleared, overlay);
  }

  /** Ends the running call: its changes are kept if it returned, dropped if it threw. */
  void endCall(boolean returned) {
    if (returned) {
      staged.forEach(
          (name, call) -> {
            MapChange done = kept.get(name);
            kept.put(
                name,
                done == null
                    ? new MapChange(call.cleared, call.entries)
                    : done.then(call.cleared, call.entries));
          });
    }
    staged.clear();
  }

  /** What the kept calls did, by map name. */
  Map<String, MapChange> changed() {
    return kept.isEmpty() ? Map.of() : Map.copyOf(kept);
  }

  private static byte[] present(byte[] value) {
    return value == HandlerScope.ABSENT ? null : value;
  }

  /** The stored entries, page by page, merged in key order with an overlay that wins ties. */
  private final class Merged implements Iterator<Map.Entry<byte[], byte[]>> {
    private final String name;
    private final Iterator<Map.Entry<byte[], byte[]>> overlay;
    private boolean storedDone;
    private byte[] lastStored;
    private Iterator<Map.Entry<byte[], byte[]>> page =
        List.<Map.Entry<byte[], byte[]>>of().iterator();
    private Map.Entry<byte[], byte[]> nextStored;
    private Map.Entry<byte[], byte[]> nextOverlay;
    private Map.Entry<byte[], byte[]> next;

    Merged(String name, boolean cleared, TreeMap<byte[], byte[]> overlay) {
      this.name = name;
      this.storedDone = cleared;
      this.overlay = overlay.entrySet().iterator();
      nextOverlay = this.overlay.hasNext() ? this.overlay.next() : null;
      nextStored = readStored();
      advance();
    }

    private Map.Entry<byte[], byte[]> readStored() {
      while (!page.hasNext()) {
        if (storedDone) {
          return null;
        }
        List<Map.Entry<byte[], byte[]>> read = stored.mapPage(self, name, lastStored, PAGE);
        storedDone = read.size() < PAGE;
        page = read.iterator();
        if (read.isEmpty()) {
          return null;
        }
        lastStored = read.get(read.size() - 1).getKey();
      }
      return page.next();
    }

    private void advance() {
      next = null;
      while (next == null && (nextStored != null || nextOverlay != null)) {
        int order =
            nextStored == null
                ? 1
                : nextOverlay == null
                    ? -1
                    : java.util.Arrays.compareUnsigned(nextStored.getKey(), nextOverlay.getKey());
        if (order < 0) {
          next = nextStored;
          nextStored = readStored();
        } else {
          if (order == 0) {
            nextStored = readStored();
          }
          if (nextOverlay.getValue() != HandlerScope.ABSENT) {
            next = nextOverlay;
          }
          nextOverlay = overlay.hasNext() ? overlay.next() : null;
        }
      }
    }

    @Override
    public boolean hasNext() {
      return next != null;
    }

    @Override
    public Map.Entry<byte[], byte[]> next() {
      if (next == null) {
        throw new NoSuchElementException();
      }
      Map.Entry<byte[], byte[]> out = next;
      advance();
      return out;
    }
  }
}
