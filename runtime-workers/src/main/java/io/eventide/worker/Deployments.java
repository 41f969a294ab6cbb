package io.eventide.worker;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Deploys function jars: validates them, stores them durably (chunked, in the store), and loads
 * them into isolated class loaders on the workers.
 *
 * <h2>Thread safety</h2>
 * Thread-safe; every method may block on the store, so call it off I/O threads.
 */
public interface Deployments {
  /** Validates, stores and loads a jar; throws {@link DeploymentException}. */
  DeploymentInfo deploy(byte[] jar, String name);

  List<DeploymentInfo> list();

  Optional<DeploymentInfo> get(String id);

  /** Removes a deployment and stops serving its function types; throws NOT_FOUND. */
  void delete(String id);

  /** {@code namespace/type} of every function type served now. */
  Set<String> functionTypes();
}
