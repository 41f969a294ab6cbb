package io.eventide.worker.internal;

import io.eventide.sdk.WindowedFunctionSpec;
import io.eventide.sdk.internal.windows.WindowOperator;
import io.eventide.sdk.FunctionRegistry;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.ValueSpec;
import io.eventide.worker.DeploymentException;
import io.eventide.worker.RegisteredFunction;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The {@link FunctionRegistry} handed to a jar's modules: records what they register.
 *
 * <h2>Thread safety</h2>
 * Not thread-safe; used while one jar is loaded.
 */
final class RecordingRegistry implements FunctionRegistry {
  private final ClassLoader loader;
  private final String deploymentId;
  private final Map<TypeName, RegisteredFunction> functions = new LinkedHashMap<>();

  RecordingRegistry(ClassLoader loader, String deploymentId) {
    this.loader = loader;
    this.deploymentId = deploymentId;
  }

  @Override
  public void register(TypeName type, Supplier<? extends StatefulFunction> factory, ValueSpec<?>... state) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(factory, "factory of " + type);
    if (functions.containsKey(type)) {
      throw new DeploymentException(DeploymentException.Code.INVALID_JAR, "function type " + type + " is registered twice");
    }
    Map<String, ValueSpec<?>> specs = new LinkedHashMap<>();
    for (ValueSpec<?> spec : state) {
      Objects.requireNonNull(spec, "state spec of " + type);
      if (specs.putIfAbsent(spec.name(), spec) != null) {
        throw new DeploymentException(
            DeploymentException.Code.INVALID_JAR, "state '" + spec.name() + "' of " + type + " is registered twice");
      }
    }
    functions.put(type, new RegisteredFunction(type, factory, specs, loader, deploymentId));
  }

  /** A windowed type runs as the SDK's window operator: an ordinary function on timers and state. */
  @Override
  public void register(WindowedFunctionSpec<?, ?> spec) {
    Objects.requireNonNull(spec, "windowed function spec");
    register(spec.type(), () -> new WindowOperator(spec), WindowOperator.state());
  }

  Map<TypeName, RegisteredFunction> functions() {
    return functions;
  }
}
