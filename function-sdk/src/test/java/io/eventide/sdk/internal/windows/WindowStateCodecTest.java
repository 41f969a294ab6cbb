package io.eventide.sdk.internal.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.sdk.TimeWindow;
import io.eventide.sdk.internal.IncomingMessage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class WindowStateCodecTest {
  private static final TimeWindow W = new TimeWindow(0, 10);

  @Test
  void keepsTheTimersOfBothDomainsApart() {
    WindowState state = new WindowState();
    state.slot(W).accumulator = new byte[] {7};
    state.timers.add(new WindowTimer(9, W));
    state.processingTimers.add(new WindowTimer(4, W));
    state.processingTimers.add(new WindowTimer(9, W));

    WindowState read = WindowStateCodec.decode(WindowStateCodec.encode(state));

    assertThat(read.slots.get(W).accumulator).containsExactly(7);
    assertThat(read.timers).containsExactly(new WindowTimer(9, W));
    assertThat(read.processingTimers).containsExactly(new WindowTimer(4, W), new WindowTimer(9, W));
  }

  @Test
  void writesExactlyWhatDataOutputStreamWritesEvenForUnusualStrings() throws IOException {
    WindowState state = new WindowState();
    WindowSlot slot = state.slot(W);
    slot.accumulator = new byte[] {1, 2, 3};
    String[] types = {"application/json", "text/zählt; \u0000", "emoji/\uD83D\uDE00", "cjk/\u4E2D"};
    for (int i = 0; i < types.length; i++) {
      slot.buffer.add(new IncomingMessage(new byte[] {(byte) i}, types[i], 100 + i));
    }
    slot.triggerState.put("count", new byte[] {9});
    slot.triggerState.put("ß\u0000", new byte[0]);
    state.slot(new TimeWindow(10, 20));
    state.timers.add(new WindowTimer(9, W));
    state.processingTimers.add(new WindowTimer(19, new TimeWindow(10, 20)));

    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(expected)) {
      out.writeInt(2);
      out.writeInt(2);
      out.writeLong(0);
      out.writeLong(10);
      out.writeBoolean(true);
      out.writeInt(3);
      out.write(new byte[] {1, 2, 3});
      out.writeInt(types.length);
      for (int i = 0; i < types.length; i++) {
        out.writeLong(100 + i);
        out.writeUTF(types[i]);
        out.writeInt(1);
        out.write(i);
      }
      out.writeInt(2);
      out.writeUTF("count");
      out.writeInt(1);
      out.write(9);
      out.writeUTF("ß\u0000");
      out.writeInt(0);
      out.writeLong(10);
      out.writeLong(20);
      out.writeBoolean(false);
      out.writeInt(0);
      out.writeInt(0);
      out.writeInt(1);
      out.writeLong(9);
      out.writeLong(0);
      out.writeLong(10);
      out.writeInt(1);
      out.writeLong(19);
      out.writeLong(10);
      out.writeLong(20);
    }

    byte[] encoded = WindowStateCodec.encode(state);

    assertThat(encoded).isEqualTo(expected.toByteArray());
    WindowState read = WindowStateCodec.decode(encoded);
    assertThat(read.slots.get(W).buffer).extracting(IncomingMessage::contentType).containsExactly(types);
    assertThat(read.slots.get(W).triggerState).containsOnlyKeys("count", "ß\u0000");
  }

  @Test
  void readsStateWrittenBeforeProcessingTimeExisted() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(1);   // version 1: slots, then event-time timers only
      out.writeInt(0);
      out.writeInt(1);
      out.writeLong(9);
      out.writeLong(W.start());
      out.writeLong(W.end());
    }

    WindowState read = WindowStateCodec.decode(bytes.toByteArray());

    assertThat(read.timers).containsExactly(new WindowTimer(9, W));
    assertThat(read.processingTimers).isEmpty();
  }

  @Test
  void refusesAnUnknownVersion() {
    assertThatThrownBy(() -> WindowStateCodec.decode(new byte[] {0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version 3");
  }
}
