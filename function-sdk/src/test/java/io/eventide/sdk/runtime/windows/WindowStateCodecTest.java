package io.eventide.sdk.runtime.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.sdk.TimeWindow;
import io.eventide.sdk.runtime.IncomingMessage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class WindowStateCodecTest {
  private static final TimeWindow W = new TimeWindow(0, 10);

  @Test
  void keepsTheTimersOfBothDomainsApartAndEachSlotsContentsId() {
    WindowState state = new WindowState();
    WindowSlot slot = state.slot(W);
    slot.id = state.newId();
    slot.accumulatorApart = true;
    WindowSlot buffered = state.slot(new TimeWindow(10, 20));
    buffered.id = state.newId();
    buffered.buffered = 100_000;
    state.timers.add(new WindowTimer(9, W));
    state.processingTimers.add(new WindowTimer(4, W));
    state.processingTimers.add(new WindowTimer(9, W));

    WindowState read = WindowStateCodec.decode(WindowStateCodec.encode(state));

    assertThat(read.nextId).isEqualTo(2);
    assertThat(read.slots.get(W).id).isZero();
    assertThat(read.slots.get(W).accumulatorApart).isTrue();
    assertThat(read.slots.get(W).accumulator).isNull();
    assertThat(read.slots.get(new TimeWindow(10, 20)).id).isEqualTo(1);
    assertThat(read.slots.get(new TimeWindow(10, 20)).buffered).isEqualTo(100_000);
    assertThat(read.timers).containsExactly(new WindowTimer(9, W));
    assertThat(read.processingTimers).containsExactly(new WindowTimer(4, W), new WindowTimer(9, W));
  }

  @Test
  void writesTriggerValuesExactlyAsDataOutputStreamWritesEvenForUnusualStrings()
      throws IOException {
    WindowState state = new WindowState();
    state.nextId = 8;
    WindowSlot slot = state.slot(W);
    slot.id = 7;
    slot.accumulator = new byte[] {5, 6};
    slot.triggerState.put("count", new byte[] {9});
    slot.triggerState.put("ß\u0000\uD83D\uDE00", new byte[0]);
    slot.windowState.put("firings", new byte[] {3});
    state.timers.add(new WindowTimer(9, W));

    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(expected)) {
      out.writeInt(4);
      out.writeLong(8);
      out.writeInt(1);
      out.writeLong(0);
      out.writeLong(10);
      out.writeLong(7);
      out.writeByte(2); // the accumulator inline
      out.writeInt(2);
      out.write(new byte[] {5, 6});
      out.writeInt(0);
      out.writeInt(2);
      out.writeUTF("count");
      out.writeInt(1);
      out.write(9);
      out.writeUTF("ß\u0000\uD83D\uDE00");
      out.writeInt(0);
      out.writeInt(1); // window function values
      out.writeUTF("firings");
      out.writeInt(1);
      out.write(3);
      out.writeInt(1);
      out.writeLong(9);
      out.writeLong(0);
      out.writeLong(10);
      out.writeInt(0);
    }

    byte[] encoded = WindowStateCodec.encode(state);

    assertThat(encoded).isEqualTo(expected.toByteArray());
    WindowSlot read = WindowStateCodec.decode(encoded).slots.get(W);
    assertThat(read.triggerState).containsOnlyKeys("count", "ß\u0000\uD83D\uDE00");
    assertThat(read.accumulator).containsExactly(5, 6);
    assertThat(read.windowState).containsOnlyKeys("firings");
    assertThat(read.windowState.get("firings")).containsExactly(3);
  }

  @Test
  void readsVersionThreeWhichHadNoWindowFunctionValues() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(3);
      out.writeLong(8);
      out.writeInt(1);
      out.writeLong(0);
      out.writeLong(10);
      out.writeLong(7);
      out.writeByte(0);
      out.writeInt(4); // buffered
      out.writeInt(1);
      out.writeUTF("count");
      out.writeInt(1);
      out.write(9);
      out.writeInt(1);
      out.writeLong(9);
      out.writeLong(0);
      out.writeLong(10);
      out.writeInt(0);
    }

    WindowState read = WindowStateCodec.decode(bytes.toByteArray());

    WindowSlot slot = read.slots.get(W);
    assertThat(slot.buffered).isEqualTo(4);
    assertThat(slot.triggerState).containsOnlyKeys("count");
    assertThat(slot.windowState).isEmpty();
    assertThat(read.timers).containsExactly(new WindowTimer(9, W));
    assertThat(read.nextId).isEqualTo(8);
  }

  @Test
  void readsVersionTwoWithItsContentsInsideIntoTheLegacyFields() throws IOException {
    String[] types = {"application/json", "text/zählt; \u0000", "emoji/\uD83D\uDE00"};
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(2);
      out.writeInt(1);
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
      out.writeInt(1);
      out.writeUTF("count");
      out.writeInt(1);
      out.write(9);
      out.writeInt(1);
      out.writeLong(9);
      out.writeLong(0);
      out.writeLong(10);
      out.writeInt(0);
    }

    WindowState read = WindowStateCodec.decode(bytes.toByteArray());

    WindowSlot slot = read.slots.get(W);
    assertThat(slot.legacyAccumulator).containsExactly(1, 2, 3);
    assertThat(slot.legacyBuffer).extracting(IncomingMessage::contentType).containsExactly(types);
    assertThat(slot.triggerState).containsOnlyKeys("count");
    assertThat(slot.id).isEqualTo(-1);
    assertThat(read.timers).containsExactly(new WindowTimer(9, W));
  }

  @Test
  void readsStateWrittenBeforeProcessingTimeExisted() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(1); // version 1: slots, then event-time timers only
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
    assertThatThrownBy(
            () -> WindowStateCodec.decode(new byte[] {0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version 5");
  }
}
