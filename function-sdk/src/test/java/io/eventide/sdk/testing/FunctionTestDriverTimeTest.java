package io.eventide.sdk.testing;

import static io.eventide.sdk.testing.TestFunctions.FIRED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.sdk.Address;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionTestDriverTimeTest {
  final FunctionTestDriver driver = FunctionTestDriver.of(new TestFunctions());
  final Address delayer = Address.of("t", "delayer", "d");

  List<String> logged() {
    return driver.egress("log", Types.STRING).stream().map(line -> line.split(" ")[0]).toList();
  }

  @Test
  void processingTimeStartsAtZeroAndMovesOnlyForward() {
    assertThat(driver.processingTime()).isZero();

    driver.advanceProcessingTime(Duration.ofMillis(1500));

    assertThat(driver.processingTime()).isEqualTo(1500);
    assertThatThrownBy(() -> driver.advanceProcessingTime(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot go back");
  }

  @Test
  void aDelayedMessageArrivesExactlyWhenDue() {
    driver.send(delayer, Types.STRING, "100:x");

    assertThat(driver.pendingMessages()).isEqualTo(1);
    driver.advanceProcessingTime(Duration.ofMillis(99));
    assertThat(logged()).isEmpty();

    driver.advanceProcessingTime(Duration.ofMillis(1));
    assertThat(logged()).containsExactly("x");
    assertThat(driver.pendingMessages()).isZero();
  }

  @Test
  void dueMessagesArriveInDueOrderThenFifo() {
    driver.send(delayer, Types.STRING, "300:late");
    driver.send(delayer, Types.STRING, "100:early1");
    driver.send(delayer, Types.STRING, "100:early2");
    driver.send(delayer, Types.STRING, "0:now");

    assertThat(logged()).containsExactly("now");
    driver.advanceProcessingTime(Duration.ofSeconds(1));

    assertThat(logged()).containsExactly("now", "early1", "early2", "late");
  }

  @Test
  void delayedMessagesKeepTheEventTimeOfTheirSending() {
    driver.send(delayer, Types.STRING, "100:x", 55L);

    driver.advanceProcessingTime(Duration.ofSeconds(1));

    assertThat(driver.egress("log", Types.STRING))
        .singleElement()
        .asString()
        .contains("from=t/delayer/d et=55 ");
  }

  @Test
  void advancingStepsThroughDueTimesSoChainedDelaysLandInOrder() {
    // step1 is due at 100 and sends step2 after another 100 ms: due at 200, before "late" at 250.
    TypeName chain = TypeName.of("t", "chain");
    driver.register(
        chain,
        () ->
            (context, message) -> {
              if (message.as(Types.STRING).equals("start")) {
                context.sendAfter(Duration.ofMillis(100), context.self(), Types.STRING, "step1");
              } else {
                context.sendAfter(
                    Duration.ofMillis(100), Address.of("t", "logger", "l"), Types.STRING, "step2");
              }
            });
    driver.send(new Address(chain, "c"), Types.STRING, "start");
    driver.send(delayer, Types.STRING, "250:late");

    driver.advanceProcessingTime(Duration.ofSeconds(1));

    assertThat(logged()).containsExactly("step2", "late");
    assertThat(driver.processingTime()).isEqualTo(1000);
  }

  @Test
  void theWatermarkStartsAtMinValueAndIsSeenByHandlers() {
    Address logger = Address.of("t", "logger", "l");
    assertThat(driver.currentWatermark()).isEqualTo(Long.MIN_VALUE);

    driver.advanceWatermark(1000);
    driver.send(logger, Types.STRING, "x");

    assertThat(driver.currentWatermark()).isEqualTo(1000);
    assertThat(driver.egress("log", Types.STRING)).singleElement().asString().endsWith(" wm=1000");
    assertThatThrownBy(() -> driver.advanceWatermark(999))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the watermark cannot go back: it is 1000, was given 999");
  }

  @Test
  void timersFireInTimestampOrderOnceTheWatermarkReachesThem() {
    Address a = Address.of("t", "timed", "a");
    Address b = Address.of("t", "timed", "b");
    driver.send(a, Types.LONG, 300L);
    driver.send(b, Types.LONG, 100L);
    driver.send(a, Types.LONG, 200L);

    driver.advanceWatermark(199);
    assertThat(driver.egress("log", Types.STRING)).containsExactly("timer b@100 wm=199");

    driver.advanceWatermark(300);
    assertThat(driver.egress("log", Types.STRING))
        .containsExactly("timer b@100 wm=199", "timer a@200 wm=300", "timer a@300 wm=300");
    assertThat(driver.pendingTimers(a)).isEmpty();
  }

  @Test
  void theSameTimestampRegisteredTwiceFiresOncePerAddress() {
    Address a = Address.of("t", "timed", "a");
    Address b = Address.of("t", "timed", "b");
    driver.send(a, Types.LONG, 100L);
    driver.send(a, Types.LONG, 100L);
    driver.send(b, Types.LONG, 100L);
    assertThat(driver.pendingTimers(a)).containsExactly(100L);

    driver.advanceWatermark(Long.MAX_VALUE);

    assertThat(driver.state(a, FIRED)).contains(1L);
    assertThat(driver.state(b, FIRED)).contains(1L);
  }

  @Test
  void aTimerAtOrBeforeTheCurrentWatermarkFiresAtTheNextAdvance() {
    Address a = Address.of("t", "timed", "a");
    driver.advanceWatermark(500);

    driver.send(a, Types.LONG, 400L);
    assertThat(driver.state(a, FIRED)).isEmpty();
    assertThat(driver.pendingTimers(a)).containsExactly(400L);

    driver.advanceWatermark(500);
    assertThat(driver.state(a, FIRED)).contains(1L);
    assertThat(driver.egress("log", Types.STRING)).containsExactly("timer a@400 wm=500");
  }

  @Test
  void aTimerCanFireAgainAfterItFired() {
    Address a = Address.of("t", "timed", "a");
    driver.send(a, Types.LONG, 100L);
    driver.advanceWatermark(100);

    driver.send(a, Types.LONG, 100L);
    driver.advanceWatermark(101);

    assertThat(driver.state(a, FIRED)).contains(2L);
  }

  @Test
  void messagesSentByATimerAreDeliveredBeforeTheNextTimerWithItsTimestampAsEventTime() {
    TypeName type = TypeName.of("t", "alarm");
    driver.register(
        type,
        () ->
            new io.eventide.sdk.StatefulFunction() {
              @Override
              public void apply(io.eventide.sdk.Context context, io.eventide.sdk.Message message) {
                context.registerEventTimeTimer(message.as(Types.LONG));
              }

              @Override
              public void onTimer(io.eventide.sdk.Context context, long timestamp) {
                context.send(Address.of("t", "logger", "l"), Types.STRING, "alarm@" + timestamp);
              }
            });
    driver.send(new Address(type, "x"), Types.LONG, 20L);
    driver.send(new Address(type, "y"), Types.LONG, 10L);

    driver.advanceWatermark(20);

    assertThat(driver.egress("log", Types.STRING))
        .containsExactly(
            "alarm@10 from=t/alarm/y et=10 wm=20", "alarm@20 from=t/alarm/x et=20 wm=20");
  }
}
