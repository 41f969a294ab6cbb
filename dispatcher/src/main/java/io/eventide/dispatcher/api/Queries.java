package io.eventide.dispatcher.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read-only views for the gateway's query endpoints.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe; methods read the store and may block briefly, so call them off I/O threads.
 */
public interface Queries {
  /** The persisted values of one instance, by name. */
  Map<String, byte[]> state(String namespace, String type, String id);

  /**
   * When each of an instance's values with a TTL expires (epoch ms, processing time), by name;
   * values without a TTL, and expired ones, are not in it.
   */
  default Map<String, Long> stateExpiries(String namespace, String type, String id) {
    return Map.of();
  }

  /**
   * The instances of {@code namespace/type} that have state, in id order, after {@code after}
   * (exclusive; null: from the first), at most {@code limit}, with their values when {@code
   * values}. A page with values may stop short of {@code limit} to stay a few megabytes; its {@code
   * next} then says where to go on.
   */
  default StatePage stateIds(
      String namespace, String type, String after, int limit, boolean values) {
    throw new UnsupportedOperationException("this node cannot list state");
  }

  /** The names of an instance's maps and of its lists (internal ones left out), in name order. */
  default Collections collections(String namespace, String type, String id) {
    return new Collections(List.of(), List.of());
  }

  /**
   * Up to {@code limit} entries of map {@code name} of an instance, in key order, after the entry
   * whose encoded key is {@code after} (null: from the first); {@code next} is the last key when
   * more may follow.
   */
  default MapEntries mapEntries(
      String namespace, String type, String id, String name, byte[] after, int limit) {
    return new MapEntries(List.of(), null);
  }

  /**
   * Elements of list {@code name} of an instance: whole segments (what one commit appended) from
   * cursor {@code from} (null: the first); {@code next} is where the next page starts, null at the
   * end.
   */
  default ListElements listElements(
      String namespace, String type, String id, String name, byte[] from) {
    return new ListElements(List.of(), null);
  }

  /** An instance's map and list names, at most 1000 of each. */
  record Collections(List<String> maps, List<String> lists) {}

  /**
   * A page of a map's entries: encoded keys and values, and when each expires if the map has a TTL
   * ({@code expiresAt} parallel to {@code entries}; null without a TTL).
   */
  record MapEntries(List<Map.Entry<byte[], byte[]>> entries, byte[] next, List<Long> expiresAt) {
    public MapEntries(List<Map.Entry<byte[], byte[]>> entries, byte[] next) {
      this(entries, next, null);
    }
  }

  /**
   * A page of a list's elements, and when each expires if the list has a TTL ({@code expiresAt}
   * parallel to {@code elements}; null without a TTL).
   */
  record ListElements(List<byte[]> elements, byte[] next, List<Long> expiresAt) {
    public ListElements(List<byte[]> elements, byte[] next) {
      this(elements, next, null);
    }
  }

  /** Records of a log egress from {@code from} (inclusive), at most {@code limit}. */
  EgressPage egress(String name, long from, int limit);

  /** Nodes, key-group owners, watermarks and backlogs, as a JSON-ready tree. */
  Map<String, Object> cluster();

  /**
   * Where ingress source {@code source} stands; empty for a source never seen. Implementations that
   * cannot tell (a node without dispatchers) answer empty.
   */
  default Optional<SourceStatus> source(String source) {
    return Optional.empty();
  }

  /** True once the node can accept and process messages. */
  boolean ready();
}
