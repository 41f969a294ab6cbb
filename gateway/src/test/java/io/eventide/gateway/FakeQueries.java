package io.eventide.gateway;

import io.eventide.dispatcher.api.EgressPage;
import io.eventide.dispatcher.api.Queries;
import java.util.List;
import java.util.Map;
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

  @Override
  public Map<String, byte[]> state(String namespace, String type, String id) {
    return states.getOrDefault(namespace + "/" + type + "/" + id, Map.of());
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
  public boolean ready() {
    return ready;
  }
}
