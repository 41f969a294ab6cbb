package io.eventide.deploy;

import io.eventide.catalog.DeploymentInfo;
import io.eventide.catalog.DeploymentVersion;
import io.eventide.catalog.Deployments;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The deployments as a node's gateway serves them, telling {@code changed} after each deploy or
 * delete: the node's worker loads the new jar (or drops the deleted one) before the answer, and a
 * module may configure ingress sources, which the dispatcher must pick up before the next event of
 * those sources.
 */
final class ObservedDeployments implements Deployments {
  private final Deployments delegate;
  private final Runnable changed;

  ObservedDeployments(Deployments delegate, Runnable changed) {
    this.delegate = delegate;
    this.changed = changed;
  }

  @Override
  public DeploymentInfo deploy(byte[] jar, String name) {
    DeploymentInfo info = delegate.deploy(jar, name);
    changed.run();
    return info;
  }

  @Override
  public List<DeploymentInfo> list() {
    return delegate.list();
  }

  @Override
  public Optional<DeploymentInfo> get(String id) {
    return delegate.get(id);
  }

  @Override
  public void delete(String id) {
    delegate.delete(id);
    changed.run();
  }

  @Override
  public Set<String> functionTypes() {
    return delegate.functionTypes();
  }

  @Override
  public List<DeploymentVersion> versions(String id) {
    return delegate.versions(id);
  }

  @Override
  public DeploymentInfo rollback(String id, int version) {
    DeploymentInfo info = delegate.rollback(id, version);
    changed.run();
    return info;
  }
}
