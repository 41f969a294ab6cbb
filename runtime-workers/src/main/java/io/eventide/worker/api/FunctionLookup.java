package io.eventide.worker.api;

import java.util.Optional;

/**
 * Finds the function type a worker serves under a name; {@link StoreDeployments} is the real one.
 *
 * <h2>Thread safety</h2>
 *
 * Implementations must be thread-safe and cheap: it is called once per invocation.
 */
@FunctionalInterface
public interface FunctionLookup {
  Optional<RegisteredFunction> function(String namespace, String type);
}
