package io.eventide.worker;

import io.eventide.sdk.internal.Names;
import io.eventide.protocol.DeploymentRecord;
import io.eventide.store.Store;
import io.eventide.store.keyspace.Keyspace;
import io.eventide.worker.DeploymentException.Code;
import io.eventide.worker.internal.DeploymentStore;
import io.eventide.worker.internal.JarLoader;
import io.eventide.worker.internal.LiveDeployments;
import io.eventide.worker.internal.LoadedJar;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Deployments} kept in the store and served from isolated class loaders. The store is
 * the truth: every deployment stored is loaded on construction (so deployments survive restarts)
 * and by {@link #refresh()} (for processes that share a store in cluster mode).
 *
 * <pre>{@code
 * StoreDeployments deployments = new StoreDeployments(store, keyspace, WorkerConfig.defaults());
 * DeploymentInfo info = deployments.deploy(jarBytes, "shop");
 * FunctionRuntimeService runtime = new FunctionRuntimeService(deployments, config, meters);
 * }</pre>
 *
 * <h2>Thread safety</h2>
 * Thread-safe. Lookups ({@link #function}) are lock-free; deploy, delete and refresh are
 * serialized in this process and may block on the store, so call them off I/O threads.
 */
public final class StoreDeployments implements Deployments, FunctionLookup, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StoreDeployments.class);

  private final DeploymentStore stored;
  private final JarLoader loader;
  private final LiveDeployments live = new LiveDeployments();
  private final Object changes = new Object();

  /** Loads every deployment in the store; a jar that no longer loads is logged and skipped. */
  public StoreDeployments(Store store, Keyspace keyspace, WorkerConfig config) {
    this.stored = new DeploymentStore(store, keyspace);
    this.loader = new JarLoader(config);
    refresh();
  }

  /**
   * Validates and loads the jar, then stores it with the ingress source settings its modules
   * registered ({@code DeploymentRecord.sources}); {@code name} (optional: defaults to the id)
   * identifies the deployment across versions.
   */
  @Override
  public DeploymentInfo deploy(byte[] jar, String name) {
    String id = "d-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    String deploymentName = name == null || name.isBlank() ? id : checkName(name);
    LoadedJar loaded = loader.load(id, jar);
    try {
      List<String> functions = loaded.functions().keySet().stream().map(Object::toString).sorted().toList();
      synchronized (changes) {
        DeploymentRecord record =
            stored.save(id, deploymentName, jar, functions, loaded.sources(), System.currentTimeMillis());
        DeploymentInfo info = info(record);
        live.put(info, loaded);
        LOG.info("deployed {} version {} as {}: {}", info.name(), info.version(), info.id(), info.functions());
        return info;
      }
    } catch (RuntimeException e) {
      loaded.close();
      throw e;
    }
  }

  @Override
  public List<DeploymentInfo> list() {
    return live.list();
  }

  @Override
  public Optional<DeploymentInfo> get(String id) {
    return live.get(id);
  }

  @Override
  public void delete(String id) {
    synchronized (changes) {
      if (!stored.delete(id)) {
        throw new DeploymentException(Code.NOT_FOUND, "no deployment " + id);
      }
      live.remove(id);
      LOG.info("deleted deployment {}", id);
    }
  }

  @Override
  public Set<String> functionTypes() {
    return live.functionTypes();
  }

  @Override
  public Optional<RegisteredFunction> function(String namespace, String type) {
    return live.function(namespace, type);
  }

  /** Brings this process in line with the store: loads new deployments, drops deleted ones. */
  public void refresh() {
    synchronized (changes) {
      Map<String, DeploymentRecord> records =
          stored.records().stream().collect(Collectors.toMap(DeploymentRecord::getId, Function.identity()));
      for (String id : new HashSet<>(live.ids())) {
        if (!records.containsKey(id)) {
          live.remove(id);
        }
      }
      for (DeploymentRecord record : records.values()) {
        if (!live.ids().contains(record.getId())) {
          load(record);
        }
      }
    }
  }

  private void load(DeploymentRecord record) {
    Optional<byte[]> jar = stored.jar(record);
    if (jar.isEmpty()) {
      return; // deleted since we listed it
    }
    try {
      live.put(info(record), loader.load(record.getId(), jar.get()));
    } catch (DeploymentException e) {
      // A stored jar that loaded once and no longer does (e.g. an SDK change): keep the others.
      LOG.error("cannot load stored deployment {} ({}): {}", record.getId(), record.getName(), e.getMessage(), e);
    }
  }

  private static DeploymentInfo info(DeploymentRecord record) {
    return new DeploymentInfo(record.getId(), record.getName(), record.getVersion(),
        List.copyOf(record.getFunctionsList()), record.getCreatedAt(), record.getSizeBytes());
  }

  private static String checkName(String name) {
    if (!Names.valid(name)) {
      throw new DeploymentException(Code.INVALID_JAR, "deployment name '" + name + "' must match " + Names.PATTERN);
    }
    return name;
  }

  /** Closes every deployment's class loader; the store is the caller's to close. */
  @Override
  public void close() {
    live.close();
    stored.close();
  }
}
