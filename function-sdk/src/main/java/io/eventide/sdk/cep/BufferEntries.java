package io.eventide.sdk.cep;

import java.util.ArrayList;
import java.util.List;

/** The reference-counted entries of the {@link SharedBuffer}, as Flink's {@code Lockable}s. */
final class BufferEntries {
  private BufferEntries() {}

  /** A taken event: its encoding, and how many nodes (and the event being processed) hold it. */
  static final class Event {
    int refs;
    final byte[] payload;

    Event(int refs, byte[] payload) {
      this.refs = refs;
      this.payload = payload;
    }
  }

  /** An edge from a node to the node taken before it in a run of version {@code version}. */
  static final class Edge {
    final NodeId target;
    final Dewey version;
    int refs;

    Edge(NodeId target, Dewey version, int refs) {
      this.target = target;
      this.version = version;
      this.refs = refs;
    }
  }

  /** A node: an event taken by a step, with its edges back to what came before. */
  static final class Node {
    int refs;
    final List<Edge> edges = new ArrayList<>();

    Node(int refs) {
      this.refs = refs;
    }
  }

  /** Flink's {@code Lockable.release}: the count less one; at 0 nothing holds it any more. */
  static int released(int refs) {
    return refs <= 0 ? 0 : refs - 1;
  }
}
