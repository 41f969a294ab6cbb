package io.eventide.catalog;

import io.eventide.catalog.DeploymentException.Code;
import io.eventide.protocol.DeploymentRecord;
import io.eventide.protocol.Registrations;
import io.eventide.sdk.Names;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Deployments} as the gateway runs them, without loading a class of any jar: a worker checks
 * each new jar ({@link JarValidator}) and says what it registers, and everything is then kept as
 * data in the {@link DeploymentCatalog}. Listing, inspecting, removing and the served types only
 * read or write the catalog, so a jar that no longer loads (or a worker that is down) cannot keep
 * the gateway from answering them.
 *
 * <pre>{@code
 * Deployments deployments = new CatalogDeployments(catalog, worker, System::currentTimeMillis);
 * DeploymentInfo info = deployments.deploy(jarBytes, "shop");   // 201 {"deploymentId": ...}
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe and stateless: the catalog's transactions order concurrent deploys, in this process
 * and across a cluster.
 */
public final class CatalogDeployments implements Deployments {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogDeployments.class);

  private final DeploymentCatalog catalog;
  private final JarValidator validator;
  private final LongSupplier clock;

  /** {@code clock} gives the records' creation times, in epoch ms. */
  public CatalogDeployments(DeploymentCatalog catalog, JarValidator validator, LongSupplier clock) {
    this.catalog = catalog;
    this.validator = validator;
    this.clock = clock;
  }

  /**
   * Checks the name and that the bytes are a zip here, has a worker load the jar, then stores it
   * with what it registers; {@code name} (optional: defaults to the id) identifies the deployment
   * across versions.
   */
  @Override
  public DeploymentInfo deploy(byte[] jar, String name) {
    String id = "d-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    String deploymentName = name == null || name.isBlank() ? id : checkName(name);
    JarFormat.requireZip(jar);
    Registrations registered = validator.validate(id, jar);
    DeploymentRecord record = catalog.save(id, deploymentName, jar, registered, clock.getAsLong());
    DeploymentInfo info = DeploymentInfo.of(record);
    LOG.info(
        "deployed {} version {} as {}: {}",
        info.name(),
        info.version(),
        info.id(),
        info.functions());
    return info;
  }

  @Override
  public List<DeploymentInfo> list() {
    return catalog.records().stream()
        .map(DeploymentInfo::of)
        .sorted(
            Comparator.comparingLong(DeploymentInfo::createdAt).thenComparing(DeploymentInfo::id))
        .toList();
  }

  @Override
  public Optional<DeploymentInfo> get(String id) {
    return catalog.record(id).map(DeploymentInfo::of);
  }

  @Override
  public void delete(String id) {
    if (!catalog.delete(id)) {
      throw new DeploymentException(Code.NOT_FOUND, "no deployment " + id);
    }
    LOG.info("deleted deployment {}", id);
  }

  @Override
  public Set<String> functionTypes() {
    Set<String> types = new HashSet<>();
    for (DeploymentRecord record : catalog.records()) {
      types.addAll(record.getFunctionsList());
    }
    return types;
  }

  private static String checkName(String name) {
    if (!Names.valid(name)) {
      throw new DeploymentException(
          Code.INVALID_JAR, "deployment name '" + name + "' must match " + Names.PATTERN);
    }
    return name;
  }
}
