package io.eventide.worker;

import io.eventide.catalog.DeploymentCatalog;
import io.eventide.catalog.DeploymentException;
import io.eventide.catalog.DeploymentInfo;
import io.eventide.catalog.JarValidator;
import io.eventide.protocol.DeploymentRecord;
import io.eventide.protocol.Registrations;
import io.eventide.store.StoreException;
import io.eventide.worker.api.FunctionLookup;
import io.eventide.worker.api.RegisteredFunction;
import io.eventide.worker.api.WorkerConfig;
import io.eventide.worker.internal.JarLoader;
import io.eventide.worker.internal.LiveDeployments;
import io.eventide.worker.internal.LoadedJar;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployments of the {@link DeploymentCatalog}, loaded in this worker, each jar in its own
 * class loader; also the worker's {@link JarValidator}, which loads a new jar before it is
 * deployed. The catalog is the truth: every deployment in it is loaded on construction (so
 * deployments survive restarts) and by {@link #refresh()} (to follow deploys made through any
 * gateway). A stored jar that no longer loads is logged once and skipped; the others are served.
 *
 * <pre>{@code
 * StoreDeployments deployments = new StoreDeployments(catalog, WorkerConfig.defaults());
 * Registrations registered = deployments.validate("d-1f2e", jarBytes);   // before it is stored
 * FunctionRuntimeService runtime = new FunctionRuntimeService(deployments, config, meters);
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe. Lookups ({@link #function}) are lock-free; refresh is serialized in this process and
 * may block on the store; validation loads its own jar. Call them off I/O threads.
 */
public final class StoreDeployments implements FunctionLookup, JarValidator, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StoreDeployments.class);

  private final DeploymentCatalog catalog;
  private final JarLoader loader;
  private final LiveDeployments live = new LiveDeployments();

  /**
   * Deployments whose stored jar did not load, by id, so that every refresh does not log them
   * again.
   */
  private final Set<String> unloadable = ConcurrentHashMap.newKeySet();

  private final Object changes = new Object();

  /** Loads every deployment of {@code catalog}; the catalog is the caller's to close. */
  public StoreDeployments(DeploymentCatalog catalog, WorkerConfig config) {
    this.catalog = catalog;
    this.loader = new JarLoader(config);
    refresh();
  }

  /** Loads the jar as it would be served, and unloads it again: nothing is stored or served. */
  @Override
  public Registrations validate(String deploymentId, byte[] jar) {
    try (LoadedJar loaded = loader.load(deploymentId, jar)) {
      return loaded.registrations();
    }
  }

  /** The deployments this worker serves now, oldest first. */
  public List<DeploymentInfo> list() {
    return live.list();
  }

  public Optional<DeploymentInfo> get(String id) {
    return live.get(id);
  }

  /** {@code namespace/type} of every function type this worker serves now. */
  public Set<String> functionTypes() {
    return live.functionTypes();
  }

  @Override
  public Optional<RegisteredFunction> function(String namespace, String type) {
    return live.function(namespace, type);
  }

  /**
   * Brings this worker in line with the catalog: loads new deployments, then drops deleted ones. A
   * new version replaces its predecessor in one step, so its types are never unserved between.
   */
  public void refresh() {
    synchronized (changes) {
      Map<String, DeploymentRecord> records =
          catalog.records().stream()
              .collect(Collectors.toMap(DeploymentRecord::getId, Function.identity()));
      for (DeploymentRecord record : records.values()) {
        if (!live.ids().contains(record.getId()) && !unloadable.contains(record.getId())) {
          load(record);
        }
      }
      for (String id : Set.copyOf(live.ids())) {
        if (!records.containsKey(id)) {
          live.remove(id);
        }
      }
      unloadable.retainAll(records.keySet());
    }
  }

  private void load(DeploymentRecord record) {
    try {
      Optional<byte[]> jar = catalog.jar(record);
      if (jar.isPresent()) { // else deleted since we listed it
        live.put(DeploymentInfo.of(record), loader.load(record.getId(), jar.get()));
      }
    } catch (DeploymentException e) {
      // A stored jar that loaded once and no longer does (an SDK change, damaged bytes): keep the
      // others.
      skip(record, e);
    } catch (StoreException e) {
      if (e.retryable()) {
        throw e; // the store is busy or away: the next refresh tries again
      }
      skip(record, e); // torn parts: reading them again gives the same
    }
  }

  private void skip(DeploymentRecord record, RuntimeException e) {
    unloadable.add(record.getId());
    LOG.error(
        "cannot load stored deployment {} ({}), skipping it: {}",
        record.getId(),
        record.getName(),
        e.getMessage(),
        e);
  }

  /**
   * Closes every deployment's class loader; the catalog and the store are the caller's to close.
   */
  @Override
  public void close() {
    live.close();
  }
}
