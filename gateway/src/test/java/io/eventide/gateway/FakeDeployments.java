package io.eventide.gateway;

import io.eventide.catalog.DeploymentException;
import io.eventide.catalog.DeploymentInfo;
import io.eventide.catalog.Deployments;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Deployments whose "jar" is accepted when it starts with {@code PK} and then serves {@link
 * #nextFunctions}; {@link #failNext} makes the next deploy fail.
 */
final class FakeDeployments implements Deployments {
  final Set<String> baseTypes = ConcurrentHashMap.newKeySet();
  final Map<String, DeploymentInfo> deployed = new ConcurrentHashMap<>();
  final List<byte[]> jars = new CopyOnWriteArrayList<>();
  volatile List<String> nextFunctions = List.of("demo/deployed");
  volatile DeploymentException failNext;
  private final AtomicInteger ids = new AtomicInteger();

  FakeDeployments(String... types) {
    baseTypes.addAll(List.of(types));
  }

  @Override
  public DeploymentInfo deploy(byte[] jar, String name) {
    jars.add(jar);
    DeploymentException failure = failNext;
    if (failure != null) {
      failNext = null;
      throw failure;
    }
    if (jar.length < 2 || jar[0] != 'P' || jar[1] != 'K') {
      throw new DeploymentException(DeploymentException.Code.INVALID_JAR, "not a jar");
    }
    String id = "dep-" + ids.incrementAndGet();
    DeploymentInfo info =
        new DeploymentInfo(
            id, name == null ? id : name, 1, nextFunctions, 1_700_000_000_000L, jar.length);
    deployed.put(id, info);
    return info;
  }

  @Override
  public List<DeploymentInfo> list() {
    return new ArrayList<>(deployed.values());
  }

  @Override
  public Optional<DeploymentInfo> get(String id) {
    return Optional.ofNullable(deployed.get(id));
  }

  @Override
  public void delete(String id) {
    if (deployed.remove(id) == null) {
      throw new DeploymentException(DeploymentException.Code.NOT_FOUND, "no deployment " + id);
    }
  }

  @Override
  public Set<String> functionTypes() {
    Set<String> types = new java.util.HashSet<>(baseTypes);
    deployed.values().forEach(info -> types.addAll(info.functions()));
    return types;
  }
}
