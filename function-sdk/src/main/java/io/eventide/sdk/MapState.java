package io.eventide.sdk;

import java.util.Map;
import java.util.Optional;

/**
 * A map in a function instance's state ({@link Storage#map}). Puts and removes are committed with
 * the rest of the handler's effects, entry by entry; reads see them at once. {@link #get} reads one
 * entry; {@link #entries} and {@link #keys} read the stored map page by page as they are iterated,
 * so a map of a million entries never sits in memory whole.
 *
 * <pre>{@code
 * MapState<String, Long> items = context.storage().map(ITEMS);
 * String sku = message.as(Types.STRING);
 * items.put(sku, items.get(sku).orElse(0L) + 1);
 * }</pre>
 *
 * <p>Keys and values count, encoded, against {@link Limits#MAX_MAP_KEY_BYTES} and {@link
 * Limits#MAX_MESSAGE_BYTES}; what one handler call puts counts against {@link
 * Limits#MAX_CALL_OUTPUT_BYTES}. Iteration visits keys in the unsigned order of their encoded
 * bytes, and sees the entries this call changed as they were when it started.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface MapState<K, V> {
  /** The value under {@code key}, or empty. */
  Optional<V> get(K key);

  /** Whether an entry is under {@code key}. */
  boolean contains(K key);

  /** Puts {@code value} under {@code key}, replacing what was there. */
  void put(K key, V value);

  /** Removes the entry under {@code key}, if any. */
  void remove(K key);

  /** Every entry, in key order, read lazily. */
  Iterable<Map.Entry<K, V>> entries();

  /** Every key, in order, read lazily. */
  Iterable<K> keys();

  /** Whether the map has no entry. */
  boolean isEmpty();

  /** Removes every entry. */
  void clear();
}
