package io.eventide.sdk.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.sdk.Address;
import io.eventide.sdk.Context;
import io.eventide.sdk.Message;
import io.eventide.sdk.SourceSpec;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionTestDriverProcessingTimeTest {
  static final TypeName ALARM = TypeName.of("t", "alarm");

  /**
   * Payload "now": logs the processing time; "T": registers a processing-time timer at T; "T+D":
   * also, when T fires, one at T+D. Firing logs "alarm@T now=N et=E"; T = 666 throws.
   */
  static final class Alarm implements StatefulFunction {
    @Override
    public void apply(Context context, Message message) {
      String body = message.as(Types.STRING);
      if (body.equals("now")) {
        context.egress("log", Types.STRING, "now=" + context.currentProcessingTime());
        return;
      }
      String[] parts = body.split("\\+");
      context.registerProcessingTimeTimer(Long.parseLong(parts[0]));
      if (parts.length > 1) {
        context.send(Address.of("t", "alarm", "chain-" + parts[1]), Types.STRING, parts[0]);
      }
    }

    @Override
    public void onProcessingTimer(Context context, long timestamp) {
      if (timestamp == 666) {
        throw new IllegalStateException("alarm 666");
      }
      context.egress(
          "log",
          Types.STRING,
          "alarm@"
              + timestamp
              + " now="
              + context.currentProcessingTime()
              + " et="
              + context.currentWatermark());
      if (context.self().id().startsWith("chain-")) {
        long step = Long.parseLong(context.self().id().substring("chain-".length()));
        context.registerProcessingTimeTimer(timestamp + step);
      }
    }

    @Override
    public void onTimer(Context context, long timestamp) {
      context.egress("log", Types.STRING, "event-time timer " + timestamp);
    }
  }

  final FunctionTestDriver driver =
      FunctionTestDriver.of(new TestFunctions()).register(ALARM, Alarm::new);
  final Address alarm = Address.of("t", "alarm", "a");
  final Address delayer = Address.of("t", "delayer", "d");

  List<String> logged() {
    return driver.egress("log", Types.STRING).stream().map(line -> line.split(" ")[0]).toList();
  }

  @Test
  void aTimerFiresExactlyWhenTheClockReachesIt() {
    driver.send(alarm, Types.STRING, "100");
    assertThat(driver.pendingProcessingTimers(alarm)).containsExactly(100L);

    driver.advanceProcessingTime(Duration.ofMillis(99));
    assertThat(logged()).isEmpty();

    driver.advanceProcessingTime(Duration.ofMillis(1));
    assertThat(driver.egress("log", Types.STRING))
        .containsExactly("alarm@100 now=100 et=" + Long.MIN_VALUE);
    assertThat(driver.pendingProcessingTimers(alarm)).isEmpty();
  }

  @Test
  void theWatermarkDoesNotFireProcessingTimeTimers() {
    driver.send(alarm, Types.STRING, "100");

    driver.advanceWatermark(Long.MAX_VALUE);

    assertThat(logged()).isEmpty();
    assertThat(driver.pendingProcessingTimers(alarm)).containsExactly(100L);
    assertThat(driver.pendingTimers(alarm)).isEmpty();
  }

  @Test
  void timersAndDelayedMessagesInterleaveByDueTimeThenBySchedulingOrder() {
    driver.send(delayer, Types.STRING, "100:m100");
    driver.send(delayer, Types.STRING, "200:m200");
    driver.send(alarm, Types.STRING, "150");
    driver.send(alarm, Types.STRING, "100");

    driver.advanceProcessingTime(Duration.ofSeconds(1));

    assertThat(logged()).containsExactly("m100", "alarm@100", "alarm@150", "m200");
  }

  @Test
  void theSameTimestampRegisteredTwiceFiresOnce() {
    driver.send(alarm, Types.STRING, "100");
    driver.send(alarm, Types.STRING, "100");
    driver.send(Address.of("t", "alarm", "b"), Types.STRING, "100");

    driver.advanceProcessingTime(Duration.ofMillis(100));

    assertThat(logged()).containsExactly("alarm@100", "alarm@100");
  }

  @Test
  void aTimerAlreadyDueFiresBeforeTheSendReturns() {
    driver.advanceProcessingTime(Duration.ofMillis(50));

    driver.send(alarm, Types.STRING, "10");

    assertThat(driver.egress("log", Types.STRING))
        .singleElement()
        .asString()
        .startsWith("alarm@10 now=50 ");
  }

  @Test
  void handlersSeeTheDriversClock() {
    driver.send(alarm, Types.STRING, "now");
    driver.advanceProcessingTime(Duration.ofMillis(1234));
    driver.send(alarm, Types.STRING, "now");

    assertThat(driver.egress("log", Types.STRING)).containsExactly("now=0", "now=1234");
  }

  @Test
  void timersRegisteredByFiringTimersFireInTheSameAdvanceWhenDue() {
    driver.send(alarm, Types.STRING, "100+30"); // chain-30 fires at 100, 130, 160, ...

    driver.advanceProcessingTime(Duration.ofMillis(170));

    assertThat(logged()).containsExactly("alarm@100", "alarm@100", "alarm@130", "alarm@160");
    assertThat(driver.pendingProcessingTimers(Address.of("t", "alarm", "chain-30")))
        .containsExactly(190L);
  }

  @Test
  void aTimerThatKeepsFailingGoesToTheDeadLetters() {
    driver.send(alarm, Types.STRING, "666");

    driver.advanceProcessingTime(Duration.ofSeconds(1));

    assertThat(driver.deadLetters())
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.messageId()).isEqualTo("processing-timer@666");
              assertThat(letter.target()).isEqualTo("t/alarm/a");
              assertThat(letter.attempts()).isEqualTo(FunctionTestDriver.DEFAULT_MAX_ATTEMPTS);
              assertThat(letter.error().message()).contains("alarm 666");
            });
  }

  @Test
  void sourceSpecsAreAcceptedAndCheckedForConflicts() {
    SourceSpec clicks = SourceSpec.named("clicks").outOfOrderness(Duration.ofSeconds(2)).build();
    driver.install(registry -> registry.register(clicks));
    driver.install(
        registry ->
            registry.register(
                SourceSpec.named("clicks").outOfOrderness(Duration.ofSeconds(2)).build()));

    assertThatThrownBy(
            () -> driver.install(registry -> registry.register(SourceSpec.named("clicks").build())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("source clicks is registered twice with different settings");
  }
}
