package io.eventide.sdk.cep;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The binary forms of a pattern function's state: its runs and the shared buffer's entries.
 * Version-tagged so that a later layout can read this one.
 */
final class CepCodec {
  private static final int VERSION = 1;

  private CepCodec() {}

  @FunctionalInterface
  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  @FunctionalInterface
  private interface Reader<R> {
    R read(DataInputStream in) throws IOException;
  }

  private static byte[] encode(Writer writer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      writer.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static <R> R decode(byte[] bytes, Reader<R> reader) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new IllegalStateException("pattern state of unknown version " + version);
      }
      return reader.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt pattern state", e);
    }
  }

  static byte[] encodePartials(Partials partials) {
    return encode(
        out -> {
          writeRuns(out, partials.partial);
          writeRuns(out, partials.completed);
          out.writeInt(partials.eventCounts.size());
          for (Map.Entry<Long, Integer> count : partials.eventCounts.entrySet()) {
            out.writeLong(count.getKey());
            out.writeInt(count.getValue());
          }
        });
  }

  static Partials decodePartials(byte[] bytes) {
    return decode(
        bytes,
        in -> {
          Partials partials = new Partials();
          readRuns(in, partials.partial);
          readRuns(in, partials.completed);
          int counts = in.readInt();
          for (int i = 0; i < counts; i++) {
            partials.eventCounts.put(in.readLong(), in.readInt());
          }
          return partials;
        });
  }

  /** In the queue's array order: adding them back in that order rebuilds the same heap. */
  private static void writeRuns(DataOutputStream out, Iterable<Computation> runs)
      throws IOException {
    List<Computation> list = new ArrayList<>();
    runs.forEach(list::add);
    out.writeInt(list.size());
    for (Computation run : list) {
      out.writeUTF(run.state());
      writeNode(out, run.previous());
      writeDewey(out, run.version());
      out.writeLong(run.startTimestamp());
      out.writeLong(run.previousTimestamp());
      writeEvent(out, run.startEvent());
    }
  }

  private static void readRuns(DataInputStream in, java.util.Collection<Computation> into)
      throws IOException {
    int size = in.readInt();
    for (int i = 0; i < size; i++) {
      into.add(
          new Computation(
              in.readUTF(),
              readNode(in),
              readDewey(in),
              in.readLong(),
              in.readLong(),
              readEvent(in)));
    }
  }

  static byte[] encodeEvent(BufferEntries.Event event) {
    return encode(
        out -> {
          out.writeInt(event.refs);
          writeBytes(out, event.payload);
        });
  }

  static BufferEntries.Event decodeEvent(byte[] bytes) {
    return decode(bytes, in -> new BufferEntries.Event(in.readInt(), readBytes(in)));
  }

  static byte[] encodeNode(BufferEntries.Node node) {
    return encode(
        out -> {
          out.writeInt(node.refs);
          out.writeInt(node.edges.size());
          for (BufferEntries.Edge edge : node.edges) {
            writeNode(out, edge.target);
            writeDewey(out, edge.version);
            out.writeInt(edge.refs);
          }
        });
  }

  static BufferEntries.Node decodeNode(byte[] bytes) {
    return decode(
        bytes,
        in -> {
          BufferEntries.Node node = new BufferEntries.Node(in.readInt());
          int edges = in.readInt();
          for (int i = 0; i < edges; i++) {
            node.edges.add(new BufferEntries.Edge(readNode(in), readDewey(in), in.readInt()));
          }
          return node;
        });
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return bytes;
  }

  private static void writeEvent(DataOutputStream out, EventId id) throws IOException {
    out.writeBoolean(id != null);
    if (id != null) {
      out.writeLong(id.timestamp());
      out.writeInt(id.id());
    }
  }

  private static EventId readEvent(DataInputStream in) throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    long timestamp = in.readLong();
    return new EventId(in.readInt(), timestamp);
  }

  private static void writeNode(DataOutputStream out, NodeId node) throws IOException {
    writeEvent(out, node == null ? null : node.event());
    if (node != null) {
      out.writeUTF(node.page());
    }
  }

  private static NodeId readNode(DataInputStream in) throws IOException {
    EventId event = readEvent(in);
    return event == null ? null : new NodeId(event, in.readUTF());
  }

  private static void writeDewey(DataOutputStream out, Dewey version) throws IOException {
    int[] digits = version.digits();
    out.writeInt(digits.length);
    for (int digit : digits) {
      out.writeInt(digit);
    }
  }

  private static Dewey readDewey(DataInputStream in) throws IOException {
    int[] digits = new int[in.readInt()];
    for (int i = 0; i < digits.length; i++) {
      digits[i] = in.readInt();
    }
    return Dewey.of(digits);
  }
}
