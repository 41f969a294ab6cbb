package io.eventide.catalog;

import io.eventide.protocol.Registrations;

/**
 * Checks a jar before it is deployed, by loading it as a worker would serve it, and tells what its
 * modules register. Only workers load jars: a node's own worker checks in-process ({@code
 * StoreDeployments}); a cluster's gateway asks a live worker over gRPC ({@code
 * WorkerDeploymentCheck}).
 *
 * <pre>{@code
 * Registrations registered = validator.validate("d-1f2e", jarBytes);
 * registered.getFunctionsList(); // ["shop/counter"]
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Implementations are thread-safe; a call blocks while the jar is loaded, so make it off I/O
 * threads.
 */
@FunctionalInterface
public interface JarValidator {
  /**
   * Loads {@code jar} under {@code deploymentId} (which names its class loader and scratch file
   * while it is checked), runs its modules' {@code configure}, and unloads it again. Throws {@link
   * DeploymentException}: {@code INVALID_JAR} or {@code TOO_LARGE} for a jar that cannot be served,
   * {@code UNAVAILABLE} when no worker could check it.
   */
  Registrations validate(String deploymentId, byte[] jar);
}
