package io.eventide.sdk.runtime.windows;

import io.eventide.sdk.TimeWindow;
import io.eventide.sdk.runtime.IncomingMessage;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;

/**
 * Writes a {@link WindowState} as one binary value: a version, the next contents id, then each
 * window with its slot (contents id, flags, a small accumulator inline, how many messages it
 * buffers, trigger values, window function values), then the event-time window timers, then the
 * processing-time ones. Big-endian, with length prefixes. Version 4; version 3 had no window
 * function values, and versions 1 and 2, which kept each window's contents in this value (and
 * version 1 no processing-time timers), are still read, their contents into the slots' legacy
 * fields.
 */
final class WindowStateCodec {
  private static final int VERSION = 4;
  private static final int WITHOUT_WINDOW_STATE = 3;
  private static final int CONTENTS_INSIDE = 2;
  private static final int WITHOUT_PROCESSING_TIMERS = 1;
  private static final int WINDOW_BYTES = 2 * Long.BYTES;

  /** A slot's flags: its accumulator is stored apart, or follows inline. */
  private static final int APART = 1;

  private static final int INLINE = 2;

  private WindowStateCodec() {}

  static byte[] encode(WindowState state) {
    // Sized exactly first, then written into one array: a DataOutputStream over a growing
    // ByteArrayOutputStream takes a lock per field, and this runs after every windowed message.
    ByteBuffer out = ByteBuffer.allocate(size(state));
    out.putInt(VERSION);
    out.putLong(state.nextId);
    out.putInt(state.slots.size());
    for (Map.Entry<TimeWindow, WindowSlot> entry : state.slots.entrySet()) {
      writeWindow(out, entry.getKey());
      writeSlot(out, entry.getValue());
    }
    writeTimers(out, state.timers);
    writeTimers(out, state.processingTimers);
    return out.array();
  }

  private static int size(WindowState state) {
    int size = 2 * Integer.BYTES + Long.BYTES;
    for (WindowSlot slot : state.slots.values()) {
      size += WINDOW_BYTES + Long.BYTES + 1 + 3 * Integer.BYTES;
      if (slot.accumulator != null) {
        size += Integer.BYTES + slot.accumulator.length;
      }
      size += valuesSize(slot.triggerState) + valuesSize(slot.windowState);
    }
    return size
        + 2 * Integer.BYTES
        + (state.timers.size() + state.processingTimers.size()) * (Long.BYTES + WINDOW_BYTES);
  }

  private static int valuesSize(Map<String, byte[]> values) {
    int size = 0;
    for (Map.Entry<String, byte[]> value : values.entrySet()) {
      size += utfSize(value.getKey()) + Integer.BYTES + value.getValue().length;
    }
    return size;
  }

  static WindowState decode(byte[] value) {
    WindowState state = new WindowState();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
      int version = in.readInt();
      if (version < WITHOUT_PROCESSING_TIMERS || version > VERSION) {
        throw new IllegalArgumentException(
            "window state has version "
                + version
                + "; this SDK reads "
                + WITHOUT_PROCESSING_TIMERS
                + " to "
                + VERSION);
      }
      if (version >= WITHOUT_WINDOW_STATE) {
        state.nextId = in.readLong();
      }
      for (int i = in.readInt(); i > 0; i--) {
        TimeWindow window = readWindow(in);
        state.slots.put(
            window, version >= WITHOUT_WINDOW_STATE ? readSlot(in, version) : readLegacySlot(in));
      }
      readTimers(in, state.timers);
      if (version >= CONTENTS_INSIDE) {
        readTimers(in, state.processingTimers);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("window state is corrupt: " + e.getMessage(), e);
    }
    return state;
  }

  private static void writeTimers(ByteBuffer out, Set<WindowTimer> timers) {
    out.putInt(timers.size());
    for (WindowTimer timer : timers) {
      out.putLong(timer.timestamp());
      writeWindow(out, timer.window());
    }
  }

  private static void readTimers(DataInputStream in, Set<WindowTimer> timers) throws IOException {
    for (int i = in.readInt(); i > 0; i--) {
      long timestamp = in.readLong();
      timers.add(new WindowTimer(timestamp, readWindow(in)));
    }
  }

  private static void writeSlot(ByteBuffer out, WindowSlot slot) {
    out.putLong(slot.id);
    out.put((byte) ((slot.accumulatorApart ? APART : 0) | (slot.accumulator != null ? INLINE : 0)));
    if (slot.accumulator != null) {
      writeBytes(out, slot.accumulator);
    }
    out.putInt(slot.buffered);
    writeValues(out, slot.triggerState);
    writeValues(out, slot.windowState);
  }

  private static void writeValues(ByteBuffer out, Map<String, byte[]> values) {
    out.putInt(values.size());
    for (Map.Entry<String, byte[]> value : values.entrySet()) {
      writeUtf(out, value.getKey());
      writeBytes(out, value.getValue());
    }
  }

  private static WindowSlot readSlot(DataInputStream in, int version) throws IOException {
    WindowSlot slot = new WindowSlot();
    slot.id = in.readLong();
    int flags = in.readByte();
    slot.accumulatorApart = (flags & APART) != 0;
    if ((flags & INLINE) != 0) {
      slot.accumulator = readBytes(in);
    }
    slot.buffered = in.readInt();
    readValues(in, slot.triggerState);
    if (version > WITHOUT_WINDOW_STATE) {
      readValues(in, slot.windowState);
    }
    return slot;
  }

  /** A slot of versions 1 and 2: its accumulator and messages inside it. */
  private static WindowSlot readLegacySlot(DataInputStream in) throws IOException {
    WindowSlot slot = new WindowSlot();
    if (in.readBoolean()) {
      slot.legacyAccumulator = readBytes(in);
    }
    slot.legacyBuffer = new ArrayList<>();
    for (int i = in.readInt(); i > 0; i--) {
      long eventTime = in.readLong();
      String contentType = in.readUTF();
      slot.legacyBuffer.add(new IncomingMessage(readBytes(in), contentType, eventTime));
    }
    readValues(in, slot.triggerState);
    return slot;
  }

  private static void readValues(DataInputStream in, Map<String, byte[]> values)
      throws IOException {
    for (int i = in.readInt(); i > 0; i--) {
      String name = in.readUTF();
      values.put(name, readBytes(in));
    }
  }

  private static void writeWindow(ByteBuffer out, TimeWindow window) {
    out.putLong(window.start());
    out.putLong(window.end());
  }

  private static TimeWindow readWindow(DataInputStream in) throws IOException {
    long start = in.readLong();
    return new TimeWindow(start, in.readLong());
  }

  private static void writeBytes(ByteBuffer out, byte[] bytes) {
    out.putInt(bytes.length);
    out.put(bytes);
  }

  /**
   * As {@link DataOutputStream#writeUTF} writes it, so {@link DataInputStream#readUTF} reads it
   * back: a two-byte length, then modified UTF-8 (NUL as two bytes, supplementary characters as two
   * three-byte surrogates).
   */
  private static void writeUtf(ByteBuffer out, String value) {
    int size = utfSize(value) - 2;
    if (size > 0xFFFF) {
      throw new IllegalArgumentException(
          "window state string longer than 65535 bytes in modified UTF-8");
    }
    out.putShort((short) size);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x0001 && c <= 0x007F) {
        out.put((byte) c);
      } else if (c <= 0x07FF) {
        out.put((byte) (0xC0 | (c >> 6))).put((byte) (0x80 | (c & 0x3F)));
      } else {
        out.put((byte) (0xE0 | (c >> 12)))
            .put((byte) (0x80 | ((c >> 6) & 0x3F)))
            .put((byte) (0x80 | (c & 0x3F)));
      }
    }
  }

  /** The bytes {@link #writeUtf} writes for {@code value}, length prefix included. */
  private static int utfSize(String value) {
    int size = 2;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      size += c >= 0x0001 && c <= 0x007F ? 1 : c <= 0x07FF ? 2 : 3;
    }
    return size;
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return bytes;
  }
}
