package io.eventide.sdk.windows;

import static io.eventide.sdk.windows.WindowFixtures.A;
import static io.eventide.sdk.windows.WindowFixtures.FIRED;
import static io.eventide.sdk.windows.WindowFixtures.LATE;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.sdk.Address;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.Windows;
import io.eventide.sdk.testing.FunctionTestDriver;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code send} with an explicit event time into a window: still subject to the watermark. Above it,
 * the message waits in its window until the watermark passes; in a window the watermark has passed,
 * it is late, as a late element is in Flink, and the watermark does not move back.
 */
class EventTimeSendTest {
  final Address router = Address.of("test", "router", "r");

  /** Forwards {@code value@eventTime} to the window with that event time. */
  final FunctionTestDriver driver =
      FunctionTestDriver.create()
          .register(
              TypeName.of("test", "router"),
              () ->
                  (context, message) -> {
                    String[] parts = message.as(Types.STRING).split("@");
                    context.send(A, Types.LONG, Long.parseLong(parts[0]), Long.parseLong(parts[1]));
                  })
          .register(
              WindowFixtures.sums()
                  .window(Windows.tumbling(Duration.ofMillis(100)))
                  .onLateMessage(WindowFixtures.LATE_OUTPUT)
                  .build());

  @Test
  void anEventTimeAheadWaitsForTheWatermarkAndOneBehindItIsLate() {
    driver.advanceWatermark(150);
    // Sent while handling an event at 10: the event times given are what the window sees.
    driver.send(router, Types.STRING, "1@250", 10);
    driver.send(router, Types.STRING, "2@260", 10);
    driver.send(router, Types.STRING, "4@120", 10); // below the watermark, in a window not fired
    driver.send(router, Types.STRING, "8@50", 10); // its window [0, 100) has passed: late

    assertThat(driver.egress(FIRED, Types.STRING)).isEmpty();
    assertThat(driver.egress(LATE, Types.STRING)).containsExactly("a 50 8");
    assertThat(driver.currentWatermark()).isEqualTo(150);

    driver.advanceWatermark(299);

    assertThat(driver.egress(FIRED, Types.STRING)).containsExactly("a 100 200 4", "a 200 300 3");
  }
}
