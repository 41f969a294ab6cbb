package io.eventide.sdk.runtime.windows;

import io.eventide.sdk.ListSpec;
import io.eventide.sdk.ListState;
import io.eventide.sdk.MapSpec;
import io.eventide.sdk.MapState;
import io.eventide.sdk.Storage;
import io.eventide.sdk.ValueSpec;
import io.eventide.sdk.runtime.InternalState;
import java.util.Objects;
import java.util.Optional;

/**
 * A windowed function's per-key state across windows ({@code WindowContext.globalState}): values as
 * internal values named {@link #name}, so that they need no registration and cannot collide with
 * the operator's own; maps and lists are the key's own, which need none either.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe; lives for one firing.
 */
final class GlobalStorage implements Storage {
  private final InternalState internal;
  private final Storage storage;

  GlobalStorage(InternalState internal, Storage storage) {
    this.internal = internal;
    this.storage = storage;
  }

  /** The internal value holding the global value {@code spec}. */
  static String name(ValueSpec<?> spec) {
    return InternalState.PREFIX + "g/" + spec.name();
  }

  @Override
  public <T> Optional<T> get(ValueSpec<T> spec) {
    byte[] bytes = internal.value(name(Objects.requireNonNull(spec, "spec")));
    return bytes == null ? Optional.empty() : Optional.of(spec.type().decode(bytes));
  }

  @Override
  public <T> void set(ValueSpec<T> spec, T value) {
    Objects.requireNonNull(spec, "spec");
    internal.setValue(name(spec), spec.type().encode(Objects.requireNonNull(value, "value")));
  }

  @Override
  public void remove(ValueSpec<?> spec) {
    internal.removeValue(name(Objects.requireNonNull(spec, "spec")));
  }

  @Override
  public <K, V> MapState<K, V> map(MapSpec<K, V> spec) {
    return storage.map(spec);
  }

  @Override
  public <T> ListState<T> list(ListSpec<T> spec) {
    return storage.list(spec);
  }
}
