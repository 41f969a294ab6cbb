package io.eventide.sdk.cep;

/** Where the {@link SharedBuffer} keeps its entries between calls. */
interface BufferStore {
  /** The event {@code id}, or null. */
  BufferEntries.Event event(EventId id);

  void putEvent(EventId id, BufferEntries.Event event);

  void removeEvent(EventId id);

  /** The node {@code id}, or null. */
  BufferEntries.Node node(NodeId id);

  void putNode(NodeId id, BufferEntries.Node node);

  void removeNode(NodeId id);
}
