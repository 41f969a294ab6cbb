package io.eventide.dispatcher.cluster;

import io.eventide.dispatcher.api.EgressPage;
import io.eventide.dispatcher.api.Queries;
import io.eventide.dispatcher.api.SourceStatus;
import io.eventide.dispatcher.api.StatePage;
import io.eventide.dispatcher.internal.cluster.ClusterDirectory.Member;
import io.eventide.dispatcher.internal.cluster.ClusterDirectory.Snapshot;
import io.eventide.dispatcher.internal.egress.EgressViews;
import io.eventide.dispatcher.internal.egress.StoredEgresses;
import io.eventide.dispatcher.internal.query.StoreReads;
import io.eventide.protocol.KeyGroupBacklog;
import io.eventide.protocol.SourceLook;
import io.eventide.protocol.SourceRecord;
import io.eventide.protocol.StatusResponse;
import io.eventide.store.Store;
import io.eventide.store.keyspace.Keyspace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A cluster gateway's query endpoints: state and egress straight from the store, and the cluster
 * view from the directory (dispatchers, workers, leases) plus each dispatcher's backlogs.
 *
 * <pre>{@code
 * Queries queries = new ClusterQueries(store, keyspace, cache::get, ingress, 256, "gw-1");
 * Map<String, byte[]> state = queries.state("shop", "counter", "a");
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe; methods block on the store or on dispatchers, so call them off I/O threads.
 */
public final class ClusterQueries implements Queries {
  private final StoreReads reads;
  private final Supplier<Snapshot> directory;
  private final RoutedIngress ingress;
  private final int keyGroups;
  private final String gatewayId;
  private final StoredEgresses egresses;

  public ClusterQueries(
      Store store,
      Keyspace keyspace,
      Supplier<Snapshot> directory,
      RoutedIngress ingress,
      int keyGroups,
      String gatewayId) {
    this.reads = new StoreReads(store, keyspace);
    this.directory = directory;
    this.ingress = ingress;
    this.keyGroups = keyGroups;
    this.gatewayId = gatewayId;
    this.egresses = new StoredEgresses(store, keyspace, System::currentTimeMillis);
  }

  @Override
  public Map<String, Long> stateExpiries(String namespace, String type, String id) {
    return reads.stateExpiries(namespace, type, id);
  }

  @Override
  public Map<String, byte[]> state(String namespace, String type, String id) {
    return reads.state(namespace, type, id);
  }

  @Override
  public Queries.Collections collections(String namespace, String type, String id) {
    return reads.collections(namespace, type, id);
  }

  @Override
  public Queries.MapEntries mapEntries(
      String namespace, String type, String id, String name, byte[] after, int limit) {
    return reads.mapEntries(namespace, type, id, name, after, limit);
  }

  @Override
  public Queries.ListElements listElements(
      String namespace, String type, String id, String name, byte[] from) {
    return reads.listElements(namespace, type, id, name, from);
  }

  @Override
  public StatePage stateIds(
      String namespace, String type, String after, int limit, boolean values) {
    return reads.stateIds(namespace, type, after, limit, values);
  }

  @Override
  public EgressPage egress(String name, long from, int limit) {
    return reads.egress(name, from, limit);
  }

  /**
   * A source's durable progress. Before its end of input, its pending work is the dispatchers'
   * whole backlog. After it, every dispatcher looks at what is left of the source in the key groups
   * it holds, and the source is finished when the looks cover every key group with nothing left, no
   * message between functions is in flight in the store afterwards, and the progress did not move
   * meanwhile (docs/decisions/source-finished.md, "In a cluster").
   */
  @Override
  public Optional<SourceStatus> source(String source) {
    Optional<SourceRecord> before = reads.source(source);
    if (before.isEmpty()) {
      return Optional.empty();
    }
    SourceRecord record = before.get();
    if (record.getWatermark() != Long.MAX_VALUE) {
      long backlog = 0;
      for (StatusResponse status : ingress.statuses()) {
        backlog += status.getBacklog();
      }
      return Optional.of(
          new SourceStatus(source, record.getWatermark(), record.getSequence(), backlog, false));
    }
    Set<Integer> covered = new HashSet<>();
    long pending = 0;
    boolean done = true;
    for (StatusResponse status : ingress.statuses(source)) {
      SourceLook look = status.getSourceLook();
      pending += look.getPending();
      covered.addAll(look.getKeyGroupsList());
      done &= look.getKnown() && look.getPending() == 0 && look.getMinView() == Long.MAX_VALUE;
    }
    boolean finished =
        done
            && covered.size() == keyGroups
            && !reads.messagesBetweenFunctionsInFlight()
            && reads.source(source).equals(before);
    return Optional.of(
        new SourceStatus(
            source, record.getWatermark(), record.getSequence(), finished ? 0 : pending, finished));
  }

  @Override
  public Map<String, Object> cluster() {
    Snapshot snapshot = directory.get();
    Map<String, StatusResponse> statuses = new TreeMap<>();
    for (StatusResponse status : ingress.statuses()) {
      statuses.put(status.getNodeId(), status);
    }
    Map<String, List<Integer>> held = new TreeMap<>();
    snapshot.dispatchers().keySet().forEach(id -> held.put(id, new ArrayList<>()));
    List<Map<String, Object>> leases = new ArrayList<>();
    for (int kg = 0; kg < keyGroups; kg++) {
      String owner = snapshot.owners().getOrDefault(kg, "");
      if (held.containsKey(owner)) {
        held.get(owner).add(kg);
      }
      leases.add(
          Map.of("keyGroup", kg, "owner", owner, "epoch", snapshot.epochs().getOrDefault(kg, 0L)));
    }
    List<Map<String, Object>> nodes = new ArrayList<>();
    nodes.add(Map.of("id", gatewayId, "role", "gateway"));
    long backlog = 0;
    List<Map<String, Object>> busy = new ArrayList<>();
    for (Member m : sorted(snapshot.dispatchers())) {
      StatusResponse status = statuses.get(m.nodeId());
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("id", m.nodeId());
      node.put("role", "dispatcher");
      node.put("endpoint", m.endpoint());
      node.put("keyGroups", held.get(m.nodeId()));
      node.put("reachable", status != null);
      if (status != null) {
        node.put("backlog", status.getBacklog());
        node.put("processed", status.getProcessed());
        backlog += status.getBacklog();
        for (KeyGroupBacklog kg : status.getBusyKeyGroupsList()) {
          busy.add(
              Map.of(
                  "keyGroup",
                  kg.getKeyGroup(),
                  "owner",
                  m.nodeId(),
                  "epoch",
                  kg.getEpoch(),
                  "backlog",
                  kg.getBacklog()));
        }
      }
      nodes.add(node);
    }
    for (Member m : sorted(snapshot.workers())) {
      nodes.add(Map.of("id", m.nodeId(), "role", "worker", "endpoint", m.endpoint()));
    }
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("mode", "cluster");
    view.put("keyGroups", keyGroups);
    view.put("nodes", nodes);
    view.put("leases", leases);
    view.put("backlog", backlog);
    busy.sort(Comparator.comparing(m -> (Integer) m.get("keyGroup")));
    view.put("busyKeyGroups", busy);
    view.put(
        "egresses",
        EgressViews.of(egresses.list(), kg -> snapshot.owners().getOrDefault(kg, ""), keyGroups));
    return view;
  }

  private static List<Member> sorted(Map<String, Member> members) {
    return members.values().stream().sorted(Comparator.comparing(Member::nodeId)).toList();
  }

  /** Ready once a dispatcher and a worker are live: before that nothing could be processed. */
  @Override
  public boolean ready() {
    Snapshot snapshot = directory.get();
    return !snapshot.dispatchers().isEmpty() && !snapshot.workers().isEmpty();
  }
}
