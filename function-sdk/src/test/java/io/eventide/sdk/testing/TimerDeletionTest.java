package io.eventide.sdk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.sdk.Address;
import io.eventide.sdk.Context;
import io.eventide.sdk.Message;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code deleteEventTimeTimer} and {@code deleteProcessingTimeTimer} in {@code FunctionTestDriver},
 * with manual time: Flink's rules, each effect once with the call's commit.
 */
class TimerDeletionTest {
  static final TypeName TYPE = TypeName.of("t", "timers");
  final Address a = Address.of("t", "timers", "a");
  final Address b = Address.of("t", "timers", "b");
  final FunctionTestDriver driver = FunctionTestDriver.create().register(TYPE, Timers::new);

  /**
   * Runs commands separated by commas, in one call: {@code +e:T} / {@code -e:T} register / delete
   * the event-time timer at T, {@code +p:T} / {@code -p:T} the processing-time one, {@code fail}
   * throws after them. Firings go to the {@code fired} egress as {@code e T} or {@code p T}.
   */
  static final class Timers implements StatefulFunction {
    @Override
    public void apply(Context context, Message message) {
      for (String command : message.as(Types.STRING).split(",")) {
        if (command.equals("fail")) {
          throw new IllegalStateException("fails after its commands");
        }
        long t = Long.parseLong(command.substring(3));
        switch (command.substring(0, 3)) {
          case "+e:" -> context.registerEventTimeTimer(t);
          case "-e:" -> context.deleteEventTimeTimer(t);
          case "+p:" -> context.registerProcessingTimeTimer(t);
          case "-p:" -> context.deleteProcessingTimeTimer(t);
          default -> throw new IllegalArgumentException(command);
        }
      }
    }

    @Override
    public void onTimer(Context context, long timestamp) {
      context.egress("fired", Types.STRING, context.self().id() + " e " + timestamp);
    }

    @Override
    public void onProcessingTimer(Context context, long timestamp) {
      context.egress("fired", Types.STRING, context.self().id() + " p " + timestamp);
    }
  }

  void run(Address target, String commands) {
    driver.send(target, Types.STRING, commands);
  }

  @Test
  void anEventTimeTimerDeletedBeforeItFiresNeverFires() {
    run(a, "+e:100,+e:200");
    run(a, "-e:100");

    assertThat(driver.pendingTimers(a)).containsExactly(200L);
    driver.advanceWatermark(1_000);
    assertThat(driver.egress("fired", Types.STRING)).containsExactly("a e 200");
  }

  @Test
  void aProcessingTimeTimerDeletedBeforeItFiresNeverFires() {
    run(a, "+p:100,+p:200");
    run(a, "-p:100");

    assertThat(driver.pendingProcessingTimers(a)).containsExactly(200L);
    driver.advanceProcessingTime(Duration.ofSeconds(1));
    assertThat(driver.egress("fired", Types.STRING)).containsExactly("a p 200");
  }

  @Test
  void deletingAnUnknownOrFiredTimerDoesNothing() {
    run(a, "+e:100,+p:100");
    run(a, "-e:999,-p:999");
    run(b, "-e:100,-p:100"); // the same times, another instance: its own timers, none
    driver.advanceWatermark(100);
    driver.advanceProcessingTime(Duration.ofMillis(100));
    run(a, "-e:100,-p:100"); // fired already

    assertThat(driver.egress("fired", Types.STRING)).containsExactly("a e 100", "a p 100");
    assertThat(driver.pendingTimers(a)).isEmpty();
    assertThat(driver.pendingProcessingTimers(a)).isEmpty();
  }

  @Test
  void aTimerRegisteredTwiceIsOneTimerAndOneDeleteRemovesIt() {
    run(a, "+e:100,+p:100");
    run(a, "+e:100,+p:100");
    run(a, "-e:100,-p:100");

    driver.advanceWatermark(1_000);
    driver.advanceProcessingTime(Duration.ofSeconds(1));
    assertThat(driver.egress("fired", Types.STRING)).isEmpty();
  }

  @Test
  void aTimerDeletedInTheCallThatRegisteredItNeverFires() {
    run(a, "+e:100,-e:100,+p:100,-p:100");

    assertThat(driver.pendingTimers(a)).isEmpty();
    assertThat(driver.pendingProcessingTimers(a)).isEmpty();
    driver.advanceWatermark(1_000);
    driver.advanceProcessingTime(Duration.ofSeconds(1));
    assertThat(driver.egress("fired", Types.STRING)).isEmpty();
  }

  @Test
  void aTimerDeletedThenRegisteredAgainInOneCallFiresOnce() {
    run(a, "+e:100,+p:100");
    run(a, "-e:100,+e:100,-p:100,+p:100");

    driver.advanceWatermark(1_000);
    driver.advanceProcessingTime(Duration.ofSeconds(1));
    assertThat(driver.egress("fired", Types.STRING)).containsExactly("a e 100", "a p 100");
  }

  @Test
  void aDeleteOfACallThatFailsIsNotKept() {
    run(a, "+e:100,+p:100");
    run(a, "-e:100,-p:100,fail");

    driver.advanceWatermark(1_000);
    driver.advanceProcessingTime(Duration.ofSeconds(1));
    assertThat(driver.egress("fired", Types.STRING)).containsExactly("a e 100", "a p 100");
    assertThat(driver.deadLetters()).hasSize(1);
  }

  @Test
  void aTimerFiringCanDeleteAnotherDueAtTheSameAdvance() {
    driver.register(
        TypeName.of("t", "chain"),
        () ->
            new StatefulFunction() {
              @Override
              public void apply(Context context, Message message) {
                context.registerEventTimeTimer(10);
                context.registerEventTimeTimer(20);
              }

              @Override
              public void onTimer(Context context, long timestamp) {
                context.deleteEventTimeTimer(20);
                context.egress("fired", Types.LONG, timestamp);
              }
            });
    driver.send(Address.of("t", "chain", "c"), Types.STRING, "go");

    driver.advanceWatermark(100);

    assertThat(driver.egress("fired", Types.LONG)).containsExactly(10L);
  }
}
