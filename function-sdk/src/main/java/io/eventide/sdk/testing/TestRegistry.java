package io.eventide.sdk.testing;

import io.eventide.sdk.TypeName;
import io.eventide.sdk.runtime.registry.ModuleRegistry;
import java.util.Optional;
import java.util.Set;

/**
 * The function types known to a {@link FunctionTestDriver}, checked by the platform's own rules
 * ({@link ModuleRegistry}), a broken registration refused with {@link IllegalArgumentException}.
 * Source specs are otherwise ignored: the driver's watermark moves only with {@code
 * advanceWatermark}.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe; owned by one driver.
 */
final class TestRegistry extends ModuleRegistry {
  @Override
  protected RuntimeException refused(String message) {
    return new IllegalArgumentException(message);
  }

  Optional<Registered> find(TypeName type) {
    return Optional.ofNullable(registered().get(type));
  }

  Registered require(TypeName type) {
    Registered registration = registered().get(type);
    if (registration == null) {
      throw new IllegalArgumentException(
          "unknown function type " + type + "; registered types: " + registered().keySet());
    }
    return registration;
  }

  Set<TypeName> types() {
    return registered().keySet();
  }
}
