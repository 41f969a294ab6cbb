package io.eventide.worker.api;

import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.ValueSpec;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A function type served by a loaded deployment: what the runtime needs to run its messages.
 *
 * @param type the function type
 * @param factory creates instances (user code: call it with {@link #classLoader()} as context class
 *     loader)
 * @param specs the state the type registered, by name
 * @param classLoader the deployment's isolated class loader
 * @param deploymentId the deployment that serves it
 * @param handlerTimeout the type's own limit on one handler call; empty: the worker's default
 */
public record RegisteredFunction(
    TypeName type,
    Supplier<? extends StatefulFunction> factory,
    Map<String, ValueSpec<?>> specs,
    ClassLoader classLoader,
    String deploymentId,
    Optional<Duration> handlerTimeout) {
  public RegisteredFunction {
    specs = Map.copyOf(specs);
  }

  /** A type that takes the worker's default handler timeout. */
  public RegisteredFunction(
      TypeName type,
      Supplier<? extends StatefulFunction> factory,
      Map<String, ValueSpec<?>> specs,
      ClassLoader classLoader,
      String deploymentId) {
    this(type, factory, specs, classLoader, deploymentId, Optional.empty());
  }
}
