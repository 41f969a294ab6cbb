package io.eventide.worker.internal;

import io.eventide.catalog.DeploymentInfo;
import io.eventide.worker.api.RegisteredFunction;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The deployments loaded in this process and the function types they serve. Readers (one lookup per
 * invocation) read an immutable snapshot without locking; changes swap in a new snapshot, so a
 * redeploy replaces the old version in one step.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe: reads are lock-free, changes are serialized on this object.
 */
public final class LiveDeployments implements AutoCloseable {
  /** A loaded deployment. */
  public record Live(DeploymentInfo info, LoadedJar jar) {}

  private record Snapshot(Map<String, Live> byId, Map<String, RegisteredFunction> byType) {}

  private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of());

  public Optional<RegisteredFunction> function(String namespace, String type) {
    return Optional.ofNullable(snapshot.byType().get(namespace + "/" + type));
  }

  public Optional<DeploymentInfo> get(String id) {
    return Optional.ofNullable(snapshot.byId().get(id)).map(Live::info);
  }

  /** Oldest first. */
  public List<DeploymentInfo> list() {
    return snapshot.byId().values().stream()
        .map(Live::info)
        .sorted(
            Comparator.comparingLong(DeploymentInfo::createdAt).thenComparing(DeploymentInfo::id))
        .toList();
  }

  public Set<String> functionTypes() {
    return snapshot.byType().keySet();
  }

  public Set<String> ids() {
    return snapshot.byId().keySet();
  }

  /** Serves {@code jar}, replacing (and closing) any live deployment of the same name. */
  public synchronized void put(DeploymentInfo info, LoadedJar jar) {
    Map<String, Live> byId = new LinkedHashMap<>(snapshot.byId());
    List<Live> replaced =
        byId.values().stream()
            .filter(
                live ->
                    live.info().name().equals(info.name()) || live.info().id().equals(info.id()))
            .toList();
    replaced.forEach(live -> byId.remove(live.info().id()));
    byId.put(info.id(), new Live(info, jar));
    swap(byId);
    replaced.forEach(live -> live.jar().close());
  }

  /** Stops serving a deployment and closes its class loader; empty when it was not live. */
  public synchronized Optional<DeploymentInfo> remove(String id) {
    Map<String, Live> byId = new LinkedHashMap<>(snapshot.byId());
    Live removed = byId.remove(id);
    if (removed == null) {
      return Optional.empty();
    }
    swap(byId);
    removed.jar().close();
    return Optional.of(removed.info());
  }

  private void swap(Map<String, Live> byId) {
    Map<String, RegisteredFunction> byType = new HashMap<>();
    for (Live live : byId.values()) {
      live.jar().functions().forEach((type, function) -> byType.put(type.toString(), function));
    }
    snapshot = new Snapshot(Map.copyOf(byId), Map.copyOf(byType));
  }

  @Override
  public synchronized void close() {
    Collection<Live> all = snapshot.byId().values();
    snapshot = new Snapshot(Map.of(), Map.of());
    all.forEach(live -> live.jar().close());
  }
}
