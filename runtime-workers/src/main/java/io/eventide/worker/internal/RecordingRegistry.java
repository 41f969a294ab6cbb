package io.eventide.worker.internal;

import io.eventide.catalog.DeploymentException;
import io.eventide.sdk.FunctionRegistry;
import io.eventide.sdk.FunctionSpec;
import io.eventide.sdk.SourceSpec;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.ValueSpec;
import io.eventide.sdk.WindowedFunctionSpec;
import io.eventide.sdk.runtime.windows.WindowOperator;
import io.eventide.worker.api.RegisteredFunction;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@link FunctionRegistry} handed to a jar's modules: records the function types and the
 * ingress source settings they register.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe; used while one jar is loaded.
 */
final class RecordingRegistry implements FunctionRegistry {
  private final ClassLoader loader;
  private final String deploymentId;
  private final Map<TypeName, RegisteredFunction> functions = new LinkedHashMap<>();
  private final Map<String, SourceSpec> sources = new LinkedHashMap<>();

  RecordingRegistry(ClassLoader loader, String deploymentId) {
    this.loader = loader;
    this.deploymentId = deploymentId;
  }

  @Override
  public void register(
      TypeName type, Supplier<? extends StatefulFunction> factory, ValueSpec<?>... state) {
    register(type, factory, Optional.empty(), state);
  }

  @Override
  public void register(FunctionSpec spec) {
    Objects.requireNonNull(spec, "function spec");
    register(
        spec.type(),
        spec.supplier(),
        spec.handlerTimeout(),
        spec.valueSpecs().toArray(ValueSpec<?>[]::new));
  }

  private void register(
      TypeName type,
      Supplier<? extends StatefulFunction> factory,
      Optional<Duration> handlerTimeout,
      ValueSpec<?>... state) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(factory, "factory of " + type);
    if (functions.containsKey(type)) {
      throw new DeploymentException(
          DeploymentException.Code.INVALID_JAR, "function type " + type + " is registered twice");
    }
    Map<String, ValueSpec<?>> specs = new LinkedHashMap<>();
    for (ValueSpec<?> spec : state) {
      Objects.requireNonNull(spec, "state spec of " + type);
      if (specs.putIfAbsent(spec.name(), spec) != null) {
        throw new DeploymentException(
            DeploymentException.Code.INVALID_JAR,
            "state '" + spec.name() + "' of " + type + " is registered twice");
      }
    }
    functions.put(
        type, new RegisteredFunction(type, factory, specs, loader, deploymentId, handlerTimeout));
  }

  /**
   * A windowed type runs as the SDK's window operator: an ordinary function on timers and state.
   */
  @Override
  public void register(WindowedFunctionSpec<?, ?> spec) {
    Objects.requireNonNull(spec, "windowed function spec");
    register(
        spec.type(), () -> new WindowOperator(spec), spec.handlerTimeout(), WindowOperator.state());
  }

  /**
   * The same spec twice is harmless (two modules may share a source); two different ones are not.
   */
  @Override
  public void register(SourceSpec spec) {
    Objects.requireNonNull(spec, "source spec");
    SourceSpec previous = sources.putIfAbsent(spec.name(), spec);
    if (previous != null && !previous.equals(spec)) {
      throw new DeploymentException(
          DeploymentException.Code.INVALID_JAR,
          "source "
              + spec.name()
              + " is registered twice with different settings: "
              + previous
              + " and "
              + spec);
    }
  }

  Map<TypeName, RegisteredFunction> functions() {
    return functions;
  }

  /** The source settings, in registration order. */
  List<SourceSpec> sources() {
    return List.copyOf(sources.values());
  }
}
