package io.eventide.sdk.testing;

import io.eventide.sdk.FunctionRegistry;
import io.eventide.sdk.FunctionSpec;
import io.eventide.sdk.SourceSpec;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.ValueSpec;
import io.eventide.sdk.WindowedFunctionSpec;
import io.eventide.sdk.runtime.windows.WindowOperator;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The function types known to a {@link FunctionTestDriver}, validated as the platform validates a
 * deployment: every type once, every state name once per type, one {@link SourceSpec} per source
 * name. Source specs are otherwise ignored: the driver's watermark moves only with {@code
 * advanceWatermark}.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe; owned by one driver.
 */
final class TestRegistry implements FunctionRegistry {
  /** One registered function type. */
  record Registration(
      TypeName type,
      Supplier<? extends StatefulFunction> factory,
      Map<String, ValueSpec<?>> state,
      Optional<Duration> handlerTimeout) {
    StatefulFunction newInstance() {
      StatefulFunction function = factory.get();
      if (function == null) {
        throw new IllegalStateException("the factory of " + type + " returned null");
      }
      return function;
    }
  }

  private final Map<TypeName, Registration> types = new LinkedHashMap<>();
  private final Map<String, SourceSpec> sources = new LinkedHashMap<>();

  @Override
  public void register(
      TypeName type, Supplier<? extends StatefulFunction> factory, ValueSpec<?>... state) {
    register(type, factory, Optional.empty(), state);
  }

  /** With its own handler timeout, as the platform takes it. */
  @Override
  public void register(FunctionSpec spec) {
    Objects.requireNonNull(spec, "spec");
    register(
        spec.type(),
        spec.supplier(),
        spec.handlerTimeout(),
        spec.valueSpecs().toArray(ValueSpec<?>[]::new));
  }

  private void register(
      TypeName type,
      Supplier<? extends StatefulFunction> factory,
      Optional<Duration> timeout,
      ValueSpec<?>... state) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(factory, "factory of " + type);
    Objects.requireNonNull(state, "state of " + type);
    if (types.containsKey(type)) {
      throw new IllegalArgumentException("function type " + type + " is already registered");
    }
    Map<String, ValueSpec<?>> specs = new LinkedHashMap<>();
    for (ValueSpec<?> spec : state) {
      Objects.requireNonNull(spec, "a state spec of " + type + " is null");
      if (specs.putIfAbsent(spec.name(), spec) != null) {
        throw new IllegalArgumentException(
            "state '" + spec.name() + "' is listed twice for " + type);
      }
    }
    types.put(type, new Registration(type, factory, Collections.unmodifiableMap(specs), timeout));
  }

  /** Runs the spec as a {@link WindowOperator} with the state it needs, as the platform does. */
  @Override
  public void register(WindowedFunctionSpec<?, ?> spec) {
    Objects.requireNonNull(spec, "spec");
    WindowOperator operator = new WindowOperator(spec);
    register(spec.type(), () -> operator, spec.handlerTimeout(), WindowOperator.state());
  }

  /** Accepted and checked as a deployment would be, then ignored: the test moves the watermark. */
  @Override
  public void register(SourceSpec spec) {
    Objects.requireNonNull(spec, "source spec");
    SourceSpec previous = sources.putIfAbsent(spec.name(), spec);
    if (previous != null && !previous.equals(spec)) {
      throw new IllegalArgumentException(
          "source "
              + spec.name()
              + " is registered twice with different settings: "
              + previous
              + " and "
              + spec);
    }
  }

  Optional<Registration> find(TypeName type) {
    return Optional.ofNullable(types.get(type));
  }

  Registration require(TypeName type) {
    Registration registration = types.get(type);
    if (registration == null) {
      throw new IllegalArgumentException(
          "unknown function type " + type + "; registered types: " + types.keySet());
    }
    return registration;
  }

  Set<TypeName> types() {
    return Collections.unmodifiableSet(types.keySet());
  }
}
