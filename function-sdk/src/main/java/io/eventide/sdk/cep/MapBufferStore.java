package io.eventide.sdk.cep;

import io.eventide.sdk.MapState;

/** The shared buffer kept in two map states, one entry per event and per node. */
final class MapBufferStore implements BufferStore {
  private final MapState<String, byte[]> events;
  private final MapState<String, byte[]> nodes;

  MapBufferStore(MapState<String, byte[]> events, MapState<String, byte[]> nodes) {
    this.events = events;
    this.nodes = nodes;
  }

  @Override
  public BufferEntries.Event event(EventId id) {
    return events.get(id.key()).map(CepCodec::decodeEvent).orElse(null);
  }

  @Override
  public void putEvent(EventId id, BufferEntries.Event event) {
    events.put(id.key(), CepCodec.encodeEvent(event));
  }

  @Override
  public void removeEvent(EventId id) {
    events.remove(id.key());
  }

  @Override
  public BufferEntries.Node node(NodeId id) {
    return nodes.get(id.key()).map(CepCodec::decodeNode).orElse(null);
  }

  @Override
  public void putNode(NodeId id, BufferEntries.Node node) {
    nodes.put(id.key(), CepCodec.encodeNode(node));
  }

  @Override
  public void removeNode(NodeId id) {
    nodes.remove(id.key());
  }
}
