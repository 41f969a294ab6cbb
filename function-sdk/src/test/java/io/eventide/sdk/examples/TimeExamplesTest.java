package io.eventide.sdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.sdk.Address;
import io.eventide.sdk.Context;
import io.eventide.sdk.DelayedMessage;
import io.eventide.sdk.Message;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.TimeWindow;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;
import io.eventide.sdk.testing.FunctionTestDriver;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The Javadoc examples of deleting timers, cancelling delayed messages and sending with an event
 * time: {@code Context}, {@code DelayedMessage}.
 */
class TimeExamplesTest {
  static final ValueSpec<String> REMINDER = ValueSpec.named("reminder").withType(Types.STRING);
  static final ValueSpec<Long> DEADLINE = ValueSpec.named("deadline").withType(Types.LONG);

  final FunctionTestDriver driver = FunctionTestDriver.create();
  final Address order = Address.of("shop", "order", "o-1");

  /** Reminds the customer of an unpaid order after 30 minutes, unless it is paid before. */
  static final class Order implements StatefulFunction {
    @Override
    public void apply(Context context, Message message) {
      switch (message.as(Types.STRING)) {
        case "placed" -> {
          // javadoc: DelayedMessage, Context#sendAfterCancellable
          DelayedMessage reminder =
              context.sendAfterCancellable(
                  Duration.ofMinutes(30), context.self(), Types.STRING, "remind");
          context.storage().set(REMINDER, reminder.id()); // a later "paid" cancels it by this id
          // end javadoc
        }
        case "paid" -> {
          // javadoc: Context#cancelDelayed
          context.storage().get(REMINDER).ifPresent(context::cancelDelayed);
          context.storage().remove(REMINDER);
          // end javadoc
        }
        default -> context.egress("reminders", Types.STRING, context.self().id() + " unpaid");
      }
    }
  }

  @Test
  void aReminderCancelledByTheNextMessageNeverArrives() {
    driver.register(order.type(), Order::new, REMINDER);
    driver.send(order, Types.STRING, "placed");
    driver.send(Address.of("shop", "order", "o-2"), Types.STRING, "placed");
    driver.advanceProcessingTime(Duration.ofMinutes(10));
    driver.send(order, Types.STRING, "paid");

    driver.advanceProcessingTime(Duration.ofHours(1));

    assertThat(driver.egress("reminders", Types.STRING)).containsExactly("o-2 unpaid");
  }

  @Test
  void aTimerDeletedByALaterMessageNeverFires() {
    TimeWindow window = new TimeWindow(0, 60_000);
    driver.register(
        TypeName.of("shop", "session"),
        () ->
            new StatefulFunction() {
              @Override
              public void apply(Context context, Message message) {
                if (message.as(Types.STRING).equals("open")) {
                  context.registerEventTimeTimer(window.maxTimestamp());
                  long idle = context.currentProcessingTime() + 30_000;
                  context.registerProcessingTimeTimer(idle);
                  context.storage().set(DEADLINE, idle);
                  return;
                }
                // javadoc: Context#deleteEventTimeTimer
                context.deleteEventTimeTimer(window.maxTimestamp());
                // end javadoc
                long idleDeadline = context.storage().get(DEADLINE).orElseThrow();
                // javadoc: Context#deleteProcessingTimeTimer
                context.deleteProcessingTimeTimer(idleDeadline); // a message came in time
                // end javadoc
              }

              @Override
              public void onTimer(Context context, long timestamp) {
                context.egress("closed", Types.LONG, timestamp);
              }

              @Override
              public void onProcessingTimer(Context context, long timestamp) {
                context.egress("closed", Types.LONG, timestamp);
              }
            },
        DEADLINE);
    Address session = Address.of("shop", "session", "s");
    driver.send(session, Types.STRING, "open");
    driver.send(session, Types.STRING, "activity");

    driver.advanceWatermark(Long.MAX_VALUE);
    driver.advanceProcessingTime(Duration.ofMinutes(1));

    assertThat(driver.egress("closed", Types.LONG)).isEmpty();
  }

  @Test
  void aMessageCarriesTheEventTimeItWasSentWith() {
    driver.register(
        TypeName.of("shop", "payment"),
        () ->
            (context, message) -> {
              String day = "2026-12-05";
              long amount = message.as(Types.LONG);
              long paidAt = 1_764_892_800_000L;
              // javadoc: Context#send
              context.send(Address.of("shop", "daily", day), Types.LONG, amount, paidAt);
              // end javadoc
            });
    driver.register(
        TypeName.of("shop", "daily"),
        () -> (context, message) -> context.egress("daily", Types.LONG, message.eventTime()));

    driver.send(Address.of("shop", "payment", "p"), Types.LONG, 1250L, 5L);

    assertThat(driver.egress("daily", Types.LONG)).containsExactly(1_764_892_800_000L);
  }
}
