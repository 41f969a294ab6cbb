package io.eventide.catalog;

import io.eventide.catalog.DeploymentException.Code;
import io.eventide.protocol.DeploymentRecord;
import io.eventide.protocol.Registrations;
import io.eventide.sdk.Names;
import java.util.ArrayList;
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
  private final int versionsKept;

  /** {@code clock} gives the records' creation times, in epoch ms. */
  public CatalogDeployments(DeploymentCatalog catalog, JarValidator validator, LongSupplier clock) {
    this(catalog, validator, clock, DeploymentCatalog.DEFAULT_VERSIONS_KEPT);
  }

  /** Keeps {@code versionsKept} versions of each deployment, the current one included. */
  public CatalogDeployments(
      DeploymentCatalog catalog, JarValidator validator, LongSupplier clock, int versionsKept) {
    this.catalog = catalog;
    this.validator = validator;
    this.clock = clock;
    this.versionsKept = versionsKept;
  }

  /**
   * Checks the name and that the bytes are a zip here, has a worker load the jar, then stores it
   * with what it registers; {@code name} (optional: defaults to the id) identifies the deployment
   * across versions.
   */
  @Override
  public DeploymentInfo deploy(byte[] jar, String name) {
    String id = newId();
    String deploymentName = name == null || name.isBlank() ? id : checkName(name);
    JarFormat.requireZip(jar);
    Registrations registered = validator.validate(id, jar);
    DeploymentRecord record =
        catalog.save(id, deploymentName, jar, registered, clock.getAsLong(), versionsKept, 0);
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

  /** Removes the deployment {@code id} (its current id, or its name) with its kept versions. */
  @Override
  public void delete(String id) {
    String current = catalog.record(id).isPresent() ? id : current(id).getId();
    if (!catalog.delete(current)) {
      throw new DeploymentException(Code.NOT_FOUND, "no deployment " + id);
    }
    LOG.info("deleted deployment {}", current);
  }

  @Override
  public Set<String> functionTypes() {
    Set<String> types = new HashSet<>();
    for (DeploymentRecord record : catalog.records()) {
      types.addAll(record.getFunctionsList());
    }
    return types;
  }

  @Override
  public List<DeploymentVersion> versions(String id) {
    DeploymentRecord current = current(id);
    List<DeploymentVersion> all = new ArrayList<>();
    for (DeploymentRecord kept : catalog.keptVersions(current.getName())) {
      all.add(DeploymentVersion.of(kept, false));
    }
    all.add(DeploymentVersion.of(current, true));
    return all;
  }

  /**
   * A new version with the jar and registrations of the kept one: versions only ever go up, so a
   * version number names one jar for good, in logs, metrics and this list. The jar is stored again
   * under the new id rather than shared, so removing old versions never touches a served jar. It is
   * not checked by a worker again: it loaded when first deployed, and the conflicts with other
   * deployments are checked in the commit, as for any deploy.
   */
  @Override
  public DeploymentInfo rollback(String id, int version) {
    DeploymentRecord current = current(id);
    if (version == current.getVersion()) {
      throw new DeploymentException(
          Code.CONFLICT,
          "version " + version + " of " + current.getName() + " is the current version already");
    }
    DeploymentRecord target =
        catalog.keptVersions(current.getName()).stream()
            .filter(kept -> kept.getVersion() == version)
            .findFirst()
            .orElseThrow(
                () ->
                    new DeploymentException(
                        Code.NOT_FOUND,
                        "version "
                            + version
                            + " of "
                            + current.getName()
                            + " is not kept (see GET /v1/deployments/"
                            + current.getName()
                            + "/versions)"));
    byte[] jar =
        catalog
            .jar(target)
            .orElseThrow(
                () ->
                    new DeploymentException(
                        Code.NOT_FOUND,
                        "the jar of version " + version + " was removed meanwhile"));
    String newId = newId();
    Registrations registrations =
        Registrations.newBuilder()
            .addAllFunctions(target.getFunctionsList())
            .addAllSources(target.getSourcesList())
            .build();
    DeploymentRecord record =
        catalog.save(
            newId, current.getName(), jar, registrations, clock.getAsLong(), versionsKept, version);
    LOG.info(
        "rolled {} back to version {}: now version {} as {}",
        record.getName(),
        version,
        record.getVersion(),
        record.getId());
    return DeploymentInfo.of(record);
  }

  /** The current record of the deployment named by its current id or its name; NOT_FOUND. */
  private DeploymentRecord current(String idOrName) {
    List<DeploymentRecord> records = catalog.records();
    return records.stream()
        .filter(r -> r.getId().equals(idOrName))
        .findFirst()
        .or(() -> records.stream().filter(r -> r.getName().equals(idOrName)).findFirst())
        .orElseThrow(() -> new DeploymentException(Code.NOT_FOUND, "no deployment " + idOrName));
  }

  private static String newId() {
    return "d-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  private static String checkName(String name) {
    if (!Names.valid(name)) {
      throw new DeploymentException(
          Code.INVALID_JAR, "deployment name '" + name + "' must match " + Names.PATTERN);
    }
    return name;
  }
}
