package io.eventide.sdk;

import java.util.Optional;

/**
 * The persisted state of one function instance, one value per {@link ValueSpec}. Changes are
 * committed with the rest of the handler's effects.
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
}
