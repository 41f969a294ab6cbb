package io.eventide.parity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A standalone node for parity tests outside this package (the CEP ones): {@link EventideNode}'s
 * start, deploy, ingestion and egress, and nothing else.
 */
public final class EventideNodes {
  private EventideNodes() {}

  /** Starts a node over {@code dataDir} with {@code --source SPEC} for each of {@code sources}. */
  public static Node start(Path dataDir, List<String> sources) {
    return new Node(EventideNode.start(dataDir, sources));
  }

  /** A running node; closing it stops it. */
  public static final class Node implements AutoCloseable {
    private final EventideNode node;
    private EventideNode.EgressLog egress;
    private String egressName;

    private Node(EventideNode node) {
      this.node = node;
    }

    /** Deploys {@code jar}; returns the function types the node serves from it. */
    public List<String> deploy(Path jar) {
      return node.deploy(jar);
    }

    /** Ingests {@code count} NDJSON events into {@code source}. */
    public void ingestLines(String source, int count, String lines) {
      node.ingestLines(source, count, lines);
    }

    /** Ends {@code source}'s input: its watermark goes to {@code Long.MAX_VALUE}. */
    public void endOfInput(String source) {
      node.endOfInput(source);
    }

    /** Every payload of egress {@code name} so far, each a JSON string, decoded. */
    public List<String> egressStrings(String name) {
      if (egress == null || !name.equals(egressName)) {
        egress = node.egress(name);
        egressName = name;
      }
      List<String> strings = new ArrayList<>();
      for (String payload : egress.poll()) {
        try {
          strings.add(Outcome.JSON.readValue(payload, String.class));
        } catch (IOException e) {
          throw new UncheckedIOException("egress " + name + " holds a non-string: " + payload, e);
        }
      }
      return strings;
    }

    /** Where the node logs. */
    public Path log() {
      return node.log();
    }

    @Override
    public void close() {
      node.close();
    }
  }
}
