package io.eventide.catalog;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The deploy API as the gateway serves it: deploy a jar, list, inspect and remove deployments, and
 * the function types served now. {@link CatalogDeployments} is the real one: it has a worker check
 * each jar and keeps everything else as data in the {@link DeploymentCatalog}.
 *
 * <pre>{@code
 * Deployments deployments = new CatalogDeployments(catalog, validator, System::currentTimeMillis);
 * DeploymentInfo info = deployments.deploy(jarBytes, "shop");
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Implementations are thread-safe; every method may block on the store or on a worker, so call them
 * off I/O threads.
 */
public interface Deployments {
  /** Checks and stores a jar; throws {@link DeploymentException}. */
  DeploymentInfo deploy(byte[] jar, String name);

  /** Oldest first. */
  List<DeploymentInfo> list();

  Optional<DeploymentInfo> get(String id);

  /**
   * Removes a deployment (by its current id, or its name) with the versions kept of it, and stops
   * serving its function types; throws NOT_FOUND.
   */
  void delete(String id);

  /** {@code namespace/type} of every function type served now. */
  Set<String> functionTypes();

  /**
   * Every version kept of the deployment {@code id} (its current id, or its name), oldest first,
   * the current one included; throws NOT_FOUND.
   */
  default List<DeploymentVersion> versions(String id) {
    throw new DeploymentException(
        DeploymentException.Code.UNAVAILABLE, "deployment versions are not kept here");
  }

  /**
   * Serves version {@code version} of the deployment {@code id} (its current id, or its name)
   * again, as a new version; throws NOT_FOUND for an unknown deployment or a version not kept,
   * CONFLICT when it is the current version already.
   */
  default DeploymentInfo rollback(String id, int version) {
    throw new DeploymentException(
        DeploymentException.Code.UNAVAILABLE, "deployment versions are not kept here");
  }
}
