package io.eventide.dispatcher.internal.eventtime;

import com.apple.foundationdb.tuple.Tuple;
import io.eventide.store.KeyValue;
import io.eventide.store.Store;
import io.eventide.store.Transaction;
import io.eventide.store.keyspace.Keyspace;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which sources reach which function types, directly or through other functions: the dataflow graph
 * Flink knows from its job graph and Eventide learns from traffic. A function type's watermark is
 * the minimum over the sources upstream of it, so a source that never reached a type does not hold
 * it back. What is learnt is written in the same transaction as the message that taught it, and
 * noted in memory before that commit, so no key group can see the message before the graph knows
 * its path.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe.
 */
public final class Topology {
  private static final byte[] PRESENT = new byte[0];

  private final Keyspace keyspace;
  private final Map<String, Set<String>> directSources = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> upstreamTypes = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Reach>> reach = new ConcurrentHashMap<>();

  public Topology(Keyspace keyspace) {
    this.keyspace = keyspace;
  }

  /** Reads the graph learnt so far; call once before use. */
  public void load(Store store) {
    try (Transaction tx = store.begin()) {
      learn(tx.snapshot().getPrefix(keyspace.topology(), Integer.MAX_VALUE));
    }
  }

  /**
   * Adds what {@code records} of {@code topology/} hold: at start, and in a cluster what other
   * dispatchers learnt since (the graph only grows).
   */
  public void learn(List<KeyValue> records) {
    for (KeyValue kv : records) {
      Tuple t = keyspace.unpack(kv.key());
      String to = typeKey(t.getString(2), t.getString(3));
      if (t.getString(1).equals("source")) {
        add(directSources, to, t.getString(4));
      } else {
        add(upstreamTypes, to, typeKey(t.getString(4), t.getString(5)));
      }
    }
  }

  /**
   * An entry of {@code source} for {@code namespace/type} was loaded: the path exists, whether or
   * not this process has read it from the store yet (another dispatcher appended the entry).
   */
  public void sawSource(String source, String namespace, String type) {
    add(directSources, typeKey(namespace, type), source);
  }

  /** Events of {@code source} reach {@code namespace/type}. */
  public void noteSource(Transaction tx, String source, String namespace, String type) {
    tx.set(keyspace.topologySource(namespace, type, source), PRESENT);
    add(directSources, typeKey(namespace, type), source);
  }

  /** A message from {@code fromNamespace/fromType} to {@code namespace/type} was loaded. */
  public void sawEdge(String fromNamespace, String fromType, String namespace, String type) {
    add(upstreamTypes, typeKey(namespace, type), typeKey(fromNamespace, fromType));
  }

  /** {@code fromNamespace/fromType} sends to {@code namespace/type}. */
  public void noteEdge(
      Transaction tx, String fromNamespace, String fromType, String namespace, String type) {
    tx.set(keyspace.topologyEdge(namespace, type, fromNamespace, fromType), PRESENT);
    add(upstreamTypes, typeKey(namespace, type), typeKey(fromNamespace, fromType));
  }

  private void add(Map<String, Set<String>> map, String key, String value) {
    Set<String> set = map.get(key);
    if (set != null && set.contains(value)) {
      return;
    }
    map.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(value);
    reach.clear();
  }

  /** What is upstream of {@code namespace/type}. */
  public Reach reach(String namespace, String type) {
    Map<String, Reach> ofNamespace =
        reach.computeIfAbsent(namespace, n -> new ConcurrentHashMap<>());
    Reach known = ofNamespace.get(type);
    if (known == null) {
      known = compute(typeKey(namespace, type));
      ofNamespace.put(type, known);
    }
    return known;
  }

  /**
   * Whether any function has ever sent to another. Edges are written in the commit of the first
   * message along them, so without one no message between functions can be waiting anywhere.
   */
  public boolean hasEdges() {
    return !upstreamTypes.isEmpty();
  }

  /** Whether events of {@code source} are known to reach {@code namespace/type}. */
  public boolean knows(String source, String namespace, String type) {
    Set<String> sources = directSources.get(typeKey(namespace, type));
    return sources != null && sources.contains(source);
  }

  private Reach compute(String typeKey) {
    Set<String> sources = new HashSet<>(directSources.getOrDefault(typeKey, Set.of()));
    Set<String> upstream = upstreamTypes.getOrDefault(typeKey, Set.of());
    Set<String> seen = new HashSet<>();
    ArrayDeque<String> todo = new ArrayDeque<>(upstream);
    while (!todo.isEmpty()) {
      String next = todo.poll();
      if (seen.add(next)) {
        sources.addAll(directSources.getOrDefault(next, Set.of()));
        todo.addAll(upstreamTypes.getOrDefault(next, Set.of()));
      }
    }
    return new Reach(Set.copyOf(sources), !upstream.isEmpty());
  }

  public static String typeKey(String namespace, String type) {
    return namespace + "/" + type;
  }

  /**
   * The sources upstream of a function type, and whether other functions send to it (then its
   * watermark also waits for them: see {@code InternalHolds}).
   */
  public record Reach(Set<String> sources, boolean fedByFunctions) {}
}
