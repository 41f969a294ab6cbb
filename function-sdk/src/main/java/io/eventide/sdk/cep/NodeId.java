package io.eventide.sdk.cep;

/** A node of the shared buffer: an event taken by the pattern named {@code page}. */
record NodeId(EventId event, String page) {
  /** The map-state key of this node. */
  String key() {
    return event.key() + "/" + page;
  }
}
