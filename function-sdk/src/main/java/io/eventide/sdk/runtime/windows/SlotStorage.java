package io.eventide.sdk.runtime.windows;

import io.eventide.sdk.Storage;
import io.eventide.sdk.ValueSpec;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A trigger's or a window function's per-window {@link Storage}, over the encoded values kept in a
 * {@link WindowSlot}. Any {@link ValueSpec} may be used: trigger values need no registration.
 */
final class SlotStorage implements Storage {
  private final Map<String, byte[]> values;

  SlotStorage(Map<String, byte[]> values) {
    this.values = values;
  }

  @Override
  public <T> Optional<T> get(ValueSpec<T> spec) {
    byte[] bytes = values.get(Objects.requireNonNull(spec, "spec").name());
    return bytes == null ? Optional.empty() : Optional.of(spec.type().decode(bytes));
  }

  @Override
  public <T> void set(ValueSpec<T> spec, T value) {
    Objects.requireNonNull(spec, "spec");
    values.put(spec.name(), spec.type().encode(Objects.requireNonNull(value, "value")));
  }

  @Override
  public void remove(ValueSpec<?> spec) {
    values.remove(Objects.requireNonNull(spec, "spec").name());
  }
}
