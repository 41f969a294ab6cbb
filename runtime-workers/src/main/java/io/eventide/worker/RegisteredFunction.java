package io.eventide.worker;

import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.ValueSpec;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A function type served by a loaded deployment: what the runtime needs to run its messages.
 *
 * @param type the function type
 * @param factory creates instances (user code: call it with {@link #classLoader()} as context
 *     class loader)
 * @param specs the state the type registered, by name
 * @param classLoader the deployment's isolated class loader
 * @param deploymentId the deployment that serves it
 */
public record RegisteredFunction(
    TypeName type,
    Supplier<? extends StatefulFunction> factory,
    Map<String, ValueSpec<?>> specs,
    ClassLoader classLoader,
    String deploymentId) {
  public RegisteredFunction {
    specs = Map.copyOf(specs);
  }
}
