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
  /** The type served under this name; a miss may read the catalog, or wait for a read under way. */
  Optional<RegisteredFunction> function(String namespace, String type);

  /**
   * The type as this lookup knows it now: never reads the catalog nor waits for a read. A lookup
   * combining several sources asks each this first, so that a type one of them serves is not held
   * up by another's read. By default {@link #function}, which is right for a lookup that only
   * answers from memory; one whose misses read or wait overrides it.
   */
  default Optional<RegisteredFunction> known(String namespace, String type) {
    return function(namespace, type);
  }
}
