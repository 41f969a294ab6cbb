package io.eventide.sdk.internal.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.sdk.TimeWindow;
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
