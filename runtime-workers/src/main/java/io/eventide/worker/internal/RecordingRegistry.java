package io.eventide.worker.internal;

import io.eventide.catalog.DeploymentException;
import io.eventide.sdk.FunctionRegistry;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.runtime.registry.ModuleRegistry;
import io.eventide.worker.api.RegisteredFunction;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@link FunctionRegistry} handed to a jar's modules: records the function types and the
 * ingress source settings they register, by the rules the test driver applies too ({@link
 * ModuleRegistry}); a broken registration refuses the jar as {@code INVALID_JAR}.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe; used while one jar is loaded.
 */
final class RecordingRegistry extends ModuleRegistry {
  private final ClassLoader loader;
  private final String deploymentId;

  RecordingRegistry(ClassLoader loader, String deploymentId) {
    this.loader = loader;
    this.deploymentId = deploymentId;
  }

  @Override
  protected RuntimeException refused(String message) {
    return new DeploymentException(DeploymentException.Code.INVALID_JAR, message);
  }

  /** The function types, in registration order, as this jar serves them. */
  Map<TypeName, RegisteredFunction> functions() {
    Map<TypeName, RegisteredFunction> functions = new LinkedHashMap<>();
    registered()
        .forEach(
            (type, r) ->
                functions.put(
                    type,
                    new RegisteredFunction(
                        type, r.factory(), r.state(), loader, deploymentId, r.handlerTimeout())));
    return functions;
  }
}
