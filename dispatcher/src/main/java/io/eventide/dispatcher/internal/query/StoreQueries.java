package io.eventide.dispatcher.internal.query;

import io.eventide.dispatcher.api.EgressPage;
import io.eventide.dispatcher.api.Queries;
import io.eventide.dispatcher.api.SourceSettings;
import io.eventide.dispatcher.api.StatePage;
import io.eventide.dispatcher.internal.eventtime.SourceClock;
import io.eventide.dispatcher.internal.eventtime.SourceProgress;
import io.eventide.dispatcher.internal.processing.Shards;
import io.eventide.store.Store;
import io.eventide.store.keyspace.Keyspace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read side behind the gateway's query endpoints: snapshot reads of state and outboxes, and the
 * dispatcher's own view of key groups.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe.
 */
public final class StoreQueries {
  private final StoreReads reads;
  private final int keyGroups;
  private final int shardCount;
  private final Shards.Parts parts;

  public StoreQueries(
      Store store, Keyspace keyspace, int keyGroups, int shardCount, Shards.Parts parts) {
    this.reads = new StoreReads(store, keyspace);
    this.keyGroups = keyGroups;
    this.shardCount = shardCount;
    this.parts = parts;
  }

  public Map<String, byte[]> state(String namespace, String type, String id) {
    return reads.state(namespace, type, id);
  }

  public Map<String, Long> stateExpiries(String namespace, String type, String id) {
    return reads.stateExpiries(namespace, type, id);
  }

  public Queries.Collections collections(String namespace, String type, String id) {
    return reads.collections(namespace, type, id);
  }

  public Queries.MapEntries mapEntries(
      String namespace, String type, String id, String name, byte[] after, int limit) {
    return reads.mapEntries(namespace, type, id, name, after, limit);
  }

  public Queries.ListElements listElements(
      String namespace, String type, String id, String name, byte[] from) {
    return reads.listElements(namespace, type, id, name, from);
  }

  public StatePage stateIds(
      String namespace, String type, String after, int limit, boolean values) {
    return reads.stateIds(namespace, type, after, limit, values);
  }

  public EgressPage egress(String name, long from, int limit) {
    return reads.egress(name, from, limit);
  }

  public Map<String, Object> cluster(String nodeId) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("mode", "standalone");
    view.put(
        "nodes",
        List.of(
            Map.of("id", nodeId, "roles", List.of("gateway", "dispatcher", "worker", "state"))));
    int groups = keyGroups;
    view.put("keyGroups", groups);
    view.put("shards", shardCount);
    List<Map<String, Object>> owners = new ArrayList<>();
    long total = 0;
    for (int kg = 0; kg < groups; kg++) {
      long backlog = parts.backlog().get(kg);
      total += backlog;
      if (backlog > 0) {
        owners.add(
            Map.of(
                "keyGroup",
                kg,
                "owner",
                parts.leases().owner(),
                "epoch",
                parts.leases().epoch(kg),
                "backlog",
                backlog));
      }
    }
    view.put("owner", parts.leases().owner());
    view.put("backlog", total);
    view.put("busyKeyGroups", owners);
    view.put("sources", sources());
    view.put("keyGroupWatermarks", keyGroupWatermarks(groups));
    return view;
  }

  /** Each source's durable progress and strategy. */
  private List<Map<String, Object>> sources() {
    long now = System.currentTimeMillis();
    List<Map<String, Object>> sources = new ArrayList<>();
    for (SourceClock clock : parts.sources().all()) {
      SourceProgress progress = clock.committed();
      SourceSettings settings = clock.settings();
      Map<String, Object> source = new LinkedHashMap<>();
      source.put("name", clock.name());
      source.put("watermark", progress.watermark());
      source.put("sequence", progress.sequence());
      source.put("idle", clock.idle(now));
      source.put("outOfOrdernessMillis", settings.outOfOrdernessMillis());
      source.put("idleTimeoutMillis", settings.idleTimeoutMillis());
      source.put("explicitWatermarks", settings.explicitWatermarks());
      sources.add(source);
    }
    sources.sort(java.util.Comparator.comparing(m -> (String) m.get("name")));
    return sources;
  }

  /** Each key group's view of each source's watermark. */
  private List<Map<String, Object>> keyGroupWatermarks(int groups) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int kg = 0; kg < groups; kg++) {
      Map<String, Object> watermarks = new java.util.TreeMap<>();
      for (String source : parts.views().sources()) {
        watermarks.put(source, parts.views().view(kg, source));
      }
      rows.add(Map.of("keyGroup", kg, "watermarks", watermarks));
    }
    return rows;
  }
}
