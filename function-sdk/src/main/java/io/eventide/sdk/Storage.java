package io.eventide.sdk;

import java.util.Optional;

/**
 * The persisted state of one function instance: one value per {@link ValueSpec}, and the maps and
 * lists {@link MapSpec} and {@link ListSpec} name. Changes are committed with the rest of the
 * handler's effects.
 *
 * <pre>{@code
 * long seen = storage.get(SEEN).orElse(0L);
 * storage.set(SEEN, seen + 1);
 * }</pre>
 */
public interface Storage {
  /** The value, or empty if never set or removed. */
  <T> Optional<T> get(ValueSpec<T> spec);

  /** Sets the value. */
  <T> void set(ValueSpec<T> spec, T value);

  /** Removes the value. */
  void remove(ValueSpec<?> spec);

  /**
   * The map {@code spec} names, stored entry by entry.
   *
   * @throws UnsupportedOperationException where only values are kept (a window's per-window state)
   */
  default <K, V> MapState<K, V> map(MapSpec<K, V> spec) {
    throw new UnsupportedOperationException("map state is not available here: " + spec);
  }

  /**
   * The list {@code spec} names, stored as its appended elements.
   *
   * @throws UnsupportedOperationException where only values are kept (a window's per-window state)
   */
  default <T> ListState<T> list(ListSpec<T> spec) {
    throw new UnsupportedOperationException("list state is not available here: " + spec);
  }
}
