package io.eventide.sdk.cep;

import io.eventide.sdk.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * The events and nodes partial matches share, with Flink's {@code SharedBufferAccessor} rules: each
 * node is an event taken by a step, with versioned edges back to the nodes taken before it; nodes,
 * edges and events are reference-counted and dropped when the last run holding them ends. Entries
 * are read from a {@link BufferStore} when first used and written back by {@link #flush}.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe: one per call of the pattern's function.
 *
 * @param <T> the event type
 */
final class SharedBuffer<T> {
  private final BufferStore store;
  private final Type<T> type;
  private final NavigableMap<Long, Integer> eventCounts;
  private final Map<EventId, BufferEntries.Event> events = new HashMap<>();
  private final Map<NodeId, BufferEntries.Node> nodes = new HashMap<>();
  private final Map<EventId, T> decoded = new HashMap<>();
  private final Set<EventId> changedEvents = new HashSet<>();
  private final Set<NodeId> changedNodes = new HashSet<>();

  /**
   * A buffer over {@code store}; {@code eventCounts} (how many events of each timestamp were taken)
   * is shared with the caller, which keeps it.
   */
  SharedBuffer(BufferStore store, Type<T> type, NavigableMap<Long, Integer> eventCounts) {
    this.store = store;
    this.type = type;
    this.eventCounts = eventCounts;
  }

  /** Forgets the counts of timestamps before {@code timestamp}: no event of theirs comes again. */
  void advanceTime(long timestamp) {
    eventCounts.headMap(timestamp, false).clear();
  }

  EventId registerEvent(T value, byte[] payload, long timestamp) {
    int id = eventCounts.getOrDefault(timestamp, 0);
    EventId eventId = new EventId(id, timestamp);
    eventCounts.put(timestamp, id + 1);
    events.put(eventId, new BufferEntries.Event(1, payload));
    changedEvents.add(eventId);
    decoded.put(eventId, value);
    return eventId;
  }

  NodeId put(String stateName, EventId eventId, NodeId previous, Dewey version) {
    if (previous != null) {
      lockNode(previous, version);
    }
    NodeId id = new NodeId(eventId, stateName.split(":")[0]);
    BufferEntries.Node node = node(id);
    if (node == null) {
      node = new BufferEntries.Node(0);
      nodes.put(id, node);
      event(eventId).refs++;
      changedEvents.add(eventId);
    }
    node.edges.add(new BufferEntries.Edge(previous, version, 0));
    changedNodes.add(id);
    return id;
  }

  void lockNode(NodeId id, Dewey version) {
    BufferEntries.Node node = id == null ? null : node(id);
    if (node != null) {
      changedNodes.add(id);
      node.refs++;
      for (BufferEntries.Edge edge : node.edges) {
        if (version.isCompatibleWith(edge.version)) {
          edge.refs++;
        }
      }
    }
  }

  void releaseNode(NodeId id, Dewey version) {
    Deque<NodeId> toExamine = new ArrayDeque<>();
    Deque<Dewey> versions = new ArrayDeque<>();
    if (id == null) {
      return;
    }
    toExamine.push(id);
    versions.push(version);
    while (!toExamine.isEmpty()) {
      NodeId current = toExamine.pop();
      BufferEntries.Node node = node(current);
      if (node == null) {
        break;
      }
      Dewey currentVersion = versions.pop();
      changedNodes.add(current);
      var edges = node.edges.iterator();
      while (edges.hasNext()) {
        BufferEntries.Edge edge = edges.next();
        if (currentVersion.isCompatibleWith(edge.version)) {
          boolean free = edge.refs <= 0;
          edge.refs = BufferEntries.released(edge.refs);
          if (free || edge.refs == 0) {
            edges.remove();
            if (edge.target != null) {
              toExamine.push(edge.target);
              versions.push(edge.version);
            }
          }
        }
      }
      boolean free = node.refs <= 0;
      node.refs = BufferEntries.released(node.refs);
      if (free || node.refs == 0) {
        nodes.put(current, null);
        releaseEvent(current.event());
      }
    }
  }

  void releaseEvent(EventId id) {
    BufferEntries.Event event = event(id);
    if (event != null) {
      changedEvents.add(id);
      boolean free = event.refs <= 0;
      event.refs = BufferEntries.released(event.refs);
      if (free || event.refs == 0) {
        events.put(id, null);
        decoded.remove(id);
      }
    }
  }

  /**
   * Every path back from {@code id} along edges compatible with {@code version}, each as the events
   * of each step in order, steps in the order of their first event; Flink's depth-first order.
   */
  List<Map<String, List<EventId>>> extractPatterns(NodeId id, Dewey version) {
    List<Map<String, List<EventId>>> result = new ArrayList<>();
    BufferEntries.Node start = node(id);
    if (start == null) {
      return result;
    }
    Deque<Extraction> stack = new ArrayDeque<>();
    stack.push(new Extraction(id, version, new ArrayList<>()));
    while (!stack.isEmpty()) {
      Extraction extraction = stack.pop();
      List<NodeId> path = extraction.path();
      if (extraction.node() == null) {
        Map<String, List<EventId>> complete = new LinkedHashMap<>();
        for (int i = path.size() - 1; i >= 0; i--) {
          NodeId step = path.get(i);
          complete.computeIfAbsent(step.page(), k -> new ArrayList<>()).add(step.event());
        }
        result.add(complete);
        continue;
      }
      path.add(extraction.node());
      boolean first = true;
      for (BufferEntries.Edge edge : node(extraction.node()).edges) {
        if (extraction.version().isCompatibleWith(edge.version)) {
          List<NodeId> next = first ? path : new ArrayList<>(path);
          first = false;
          stack.push(new Extraction(edge.target, edge.version, next));
        }
      }
    }
    return result;
  }

  Map<String, List<T>> materialize(Map<String, List<EventId>> match) {
    Map<String, List<T>> events = new LinkedHashMap<>();
    for (Map.Entry<String, List<EventId>> step : match.entrySet()) {
      List<T> values = new ArrayList<>(step.getValue().size());
      for (EventId id : step.getValue()) {
        values.add(value(id));
      }
      events.put(step.getKey(), values);
    }
    return events;
  }

  private T value(EventId id) {
    T value = decoded.get(id);
    if (value == null) {
      BufferEntries.Event event = event(id);
      if (event == null) {
        throw new IllegalStateException("the shared buffer lost event " + id);
      }
      value = type.decode(event.payload);
      decoded.put(id, value);
    }
    return value;
  }

  /** Writes what changed back to the store. */
  void flush() {
    for (EventId id : changedEvents) {
      BufferEntries.Event event = events.get(id);
      if (event == null) {
        store.removeEvent(id);
      } else {
        store.putEvent(id, event);
      }
    }
    for (NodeId id : changedNodes) {
      BufferEntries.Node node = nodes.get(id);
      if (node == null) {
        store.removeNode(id);
      } else {
        store.putNode(id, node);
      }
    }
    changedEvents.clear();
    changedNodes.clear();
  }

  private BufferEntries.Event event(EventId id) {
    if (events.containsKey(id)) {
      return events.get(id);
    }
    BufferEntries.Event event = store.event(id);
    events.put(id, event);
    return event;
  }

  private BufferEntries.Node node(NodeId id) {
    if (nodes.containsKey(id)) {
      return nodes.get(id);
    }
    BufferEntries.Node node = store.node(id);
    nodes.put(id, node);
    return node;
  }

  private record Extraction(NodeId node, Dewey version, List<NodeId> path) {}
}
