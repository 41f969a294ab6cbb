package io.eventide.sdk.internal.windows;

import io.eventide.sdk.TimeWindow;
import io.eventide.sdk.internal.IncomingMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;

/**
 * Writes a {@link WindowState} as one binary value: a version, then each window with its
 * accumulator, buffered messages and trigger values, then the event-time window timers, then
 * (since version 2) the processing-time ones. Big-endian, with length prefixes; accumulators stay
 * in the bytes of the aggregate's own {@code accumulatorType()}. Version 1 values, written before
 * processing time existed, are still read.
 */
final class WindowStateCodec {
  private static final int VERSION = 2;
  private static final int WITHOUT_PROCESSING_TIMERS = 1;

  private WindowStateCodec() {}

  static byte[] encode(WindowState state) {
    // Sized for the usual state (a few windows with small accumulators) to avoid regrowing.
    int estimate = 32 + 64 * state.slots.size() + 32 * (state.timers.size() + state.processingTimers.size());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(estimate);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(VERSION);
      out.writeInt(state.slots.size());
      for (Map.Entry<TimeWindow, WindowSlot> entry : state.slots.entrySet()) {
        writeWindow(out, entry.getKey());
        writeSlot(out, entry.getValue());
      }
      writeTimers(out, state.timers);
      writeTimers(out, state.processingTimers);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode window state", e);
    }
    return bytes.toByteArray();
  }

  static WindowState decode(byte[] value) {
    WindowState state = new WindowState();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
      int version = in.readInt();
      if (version != VERSION && version != WITHOUT_PROCESSING_TIMERS) {
        throw new IllegalArgumentException(
            "window state has version " + version + "; this SDK reads " + WITHOUT_PROCESSING_TIMERS + " and " + VERSION);
      }
      for (int i = in.readInt(); i > 0; i--) {
        TimeWindow window = readWindow(in);
        state.slots.put(window, readSlot(in));
      }
      readTimers(in, state.timers);
      if (version >= VERSION) {
        readTimers(in, state.processingTimers);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("window state is corrupt: " + e.getMessage(), e);
    }
    return state;
  }

  private static void writeTimers(DataOutputStream out, Set<WindowTimer> timers) throws IOException {
    out.writeInt(timers.size());
    for (WindowTimer timer : timers) {
      out.writeLong(timer.timestamp());
      writeWindow(out, timer.window());
    }
  }

  private static void readTimers(DataInputStream in, Set<WindowTimer> timers) throws IOException {
    for (int i = in.readInt(); i > 0; i--) {
      long timestamp = in.readLong();
      timers.add(new WindowTimer(timestamp, readWindow(in)));
    }
  }

  private static void writeSlot(DataOutputStream out, WindowSlot slot) throws IOException {
    out.writeBoolean(slot.accumulator != null);
    if (slot.accumulator != null) {
      writeBytes(out, slot.accumulator);
    }
    out.writeInt(slot.buffer.size());
    for (IncomingMessage message : slot.buffer) {
      out.writeLong(message.eventTime());
      out.writeUTF(message.contentType());
      writeBytes(out, message.payload());
    }
    out.writeInt(slot.triggerState.size());
    for (Map.Entry<String, byte[]> value : slot.triggerState.entrySet()) {
      out.writeUTF(value.getKey());
      writeBytes(out, value.getValue());
    }
  }

  private static WindowSlot readSlot(DataInputStream in) throws IOException {
    WindowSlot slot = new WindowSlot();
    if (in.readBoolean()) {
      slot.accumulator = readBytes(in);
    }
    for (int i = in.readInt(); i > 0; i--) {
      long eventTime = in.readLong();
      String contentType = in.readUTF();
      slot.buffer.add(new IncomingMessage(readBytes(in), contentType, eventTime));
    }
    for (int i = in.readInt(); i > 0; i--) {
      String name = in.readUTF();
      slot.triggerState.put(name, readBytes(in));
    }
    return slot;
  }

  private static void writeWindow(DataOutputStream out, TimeWindow window) throws IOException {
    out.writeLong(window.start());
    out.writeLong(window.end());
  }

  private static TimeWindow readWindow(DataInputStream in) throws IOException {
    long start = in.readLong();
    return new TimeWindow(start, in.readLong());
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
}
