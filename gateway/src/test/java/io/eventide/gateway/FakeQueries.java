package io.eventide.gateway;

import io.eventide.dispatcher.api.EgressPage;
import io.eventide.dispatcher.api.Queries;
import io.eventide.dispatcher.api.SourceStatus;
import io.eventide.dispatcher.api.StatePage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Serves canned query answers and records egress reads. */
final class FakeQueries implements Queries {
  record EgressRead(String name, long from, int limit) {}

  final Map<String, Map<String, byte[]>> states = new ConcurrentHashMap<>();
  final List<EgressRead> egressReads = new CopyOnWriteArrayList<>();
  volatile EgressPage page = new EgressPage(List.of(), 0);
  volatile Map<String, Object> cluster = Map.of("nodes", List.of(Map.of("id", "node-1")));
  volatile boolean ready = true;
  final Map<String, SourceStatus> sources = new ConcurrentHashMap<>();

  @Override
  public Map<String, byte[]> state(String namespace, String type, String id) {
    return states.getOrDefault(namespace + "/" + type + "/" + id, Map.of());
  }

  @Override
  public StatePage stateIds(
      String namespace, String type, String after, int limit, boolean values) {
    return new StatePage(List.of(), null);
  }

  @Override
  public EgressPage egress(String name, long from, int limit) {
    egressReads.add(new EgressRead(name, from, limit));
    return page;
  }

  @Override
  public Map<String, Object> cluster() {
    return cluster;
  }

  @Override
  public Optional<SourceStatus> source(String source) {
    return Optional.ofNullable(sources.get(source));
  }

  @Override
  public boolean ready() {
    return ready;
  }
}
