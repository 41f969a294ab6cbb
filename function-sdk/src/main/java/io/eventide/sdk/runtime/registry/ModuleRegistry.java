package io.eventide.sdk.runtime.registry;

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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a module's {@code configure} registers, checked by the one set of rules both the platform
 * and the test driver apply: every function type once, every state name once per type, one set of
 * settings per source name. A windowed type is registered as the {@link WindowOperator} that runs
 * it. Subclasses choose how a refusal is thrown: the worker refuses the jar, the driver the call.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe; used while one set of modules is configured.
 */
public abstract class ModuleRegistry implements FunctionRegistry {
  /** One registered function type. */
  public record Registered(
      TypeName type,
      Supplier<? extends StatefulFunction> factory,
      Map<String, ValueSpec<?>> state,
      Optional<Duration> handlerTimeout) {
    /** A new instance from the module's factory, which must not return null. */
    public StatefulFunction newInstance() {
      StatefulFunction function = factory.get();
      if (function == null) {
        throw new IllegalStateException("the factory of " + type + " returned null");
      }
      return function;
    }
  }

  private final Map<TypeName, Registered> types = new LinkedHashMap<>();
  private final Map<String, SourceSpec> sources = new LinkedHashMap<>();

  /** The exception a broken registration is refused with. */
  protected abstract RuntimeException refused(String message);

  @Override
  public final void register(
      TypeName type, Supplier<? extends StatefulFunction> factory, ValueSpec<?>... state) {
    register(type, factory, Optional.empty(), state);
  }

  @Override
  public final void register(FunctionSpec spec) {
    Objects.requireNonNull(spec, "function spec");
    register(
        spec.type(),
        spec.supplier(),
        spec.handlerTimeout(),
        spec.valueSpecs().toArray(ValueSpec<?>[]::new));
  }

  @Override
  public final void register(WindowedFunctionSpec<?, ?> spec) {
    Objects.requireNonNull(spec, "windowed function spec");
    register(
        spec.type(), () -> new WindowOperator(spec), spec.handlerTimeout(), WindowOperator.state());
  }

  /**
   * The same spec twice is harmless (two modules may share a source); two different ones are not.
   */
  @Override
  public final void register(SourceSpec spec) {
    Objects.requireNonNull(spec, "source spec");
    SourceSpec previous = sources.putIfAbsent(spec.name(), spec);
    if (previous != null && !previous.equals(spec)) {
      throw refused(
          "source "
              + spec.name()
              + " is registered twice with different settings: "
              + previous
              + " and "
              + spec);
    }
  }

  private void register(
      TypeName type,
      Supplier<? extends StatefulFunction> factory,
      Optional<Duration> handlerTimeout,
      ValueSpec<?>... state) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(factory, "factory of " + type);
    Objects.requireNonNull(state, "state of " + type);
    if (types.containsKey(type)) {
      throw refused("function type " + type + " is registered twice");
    }
    Map<String, ValueSpec<?>> specs = new LinkedHashMap<>();
    for (ValueSpec<?> spec : state) {
      Objects.requireNonNull(spec, "a state spec of " + type + " is null");
      if (specs.putIfAbsent(spec.name(), spec) != null) {
        throw refused("state '" + spec.name() + "' of " + type + " is registered twice");
      }
    }
    types.put(
        type, new Registered(type, factory, Collections.unmodifiableMap(specs), handlerTimeout));
  }

  /** The function types, in registration order. */
  protected final Map<TypeName, Registered> registered() {
    return Collections.unmodifiableMap(types);
  }

  /** The source settings, in registration order. */
  public final List<SourceSpec> sources() {
    return List.copyOf(sources.values());
  }
}
