package io.eventide.examples;

import io.eventide.sdk.Context;
import io.eventide.sdk.DelayedMessage;
import io.eventide.sdk.Message;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;
import java.time.Duration;

/**
 * {@code example/payment-reminder}: an order that reminds its customer and then expires, unless it
 * is paid first. {@code placed <ms>} schedules a reminder in {@code ms} (a cancellable delayed
 * message, its id kept in state) and an expiry timer at twice that (a processing-time timer);
 * {@code paid} cancels the one and deletes the other, so neither ever arrives, even across a
 * restart. Writes {@code reminder <id>}, {@code expired <id>} and {@code paid <id>} to the {@code
 * payment-reminders} egress.
 *
 * <pre>
 * curl -X POST localhost:7070/v1/send/example/payment-reminder/o-1 -d 'placed 2000'
 * curl -X POST localhost:7070/v1/send/example/payment-reminder/o-1 -d paid
 * # GET /v1/egress/payment-reminders shows "paid o-1" and never "reminder o-1"
 * </pre>
 */
public final class PaymentReminder implements StatefulFunction {
  /** The function type. */
  public static final TypeName TYPE = TypeName.of("example", "payment-reminder");

  /** The egress of reminders, expiries and payments. */
  public static final String EGRESS = "payment-reminders";

  /** The id of the reminder on its way, to cancel it. */
  public static final ValueSpec<String> REMINDER =
      ValueSpec.named("reminder").withType(Types.STRING);

  /** When the order expires (processing time, epoch ms), to delete that timer. */
  public static final ValueSpec<Long> EXPIRES = ValueSpec.named("expires").withType(Types.LONG);

  static final String REMIND = "remind";

  @Override
  public void apply(Context context, Message message) {
    String command = message.as(Types.STRING).trim();
    String id = context.self().id();
    if (command.startsWith("placed ")) {
      long millis = Long.parseLong(command.substring("placed ".length()).trim());
      DelayedMessage reminder =
          context.sendAfterCancellable(
              Duration.ofMillis(millis), context.self(), Types.STRING, REMIND);
      long expires = context.currentProcessingTime() + 2 * millis;
      context.registerProcessingTimeTimer(expires);
      context.storage().set(REMINDER, reminder.id());
      context.storage().set(EXPIRES, expires);
    } else if (command.equals("paid")) {
      context.storage().get(REMINDER).ifPresent(context::cancelDelayed);
      context.storage().get(EXPIRES).ifPresent(context::deleteProcessingTimeTimer);
      context.storage().remove(REMINDER);
      context.storage().remove(EXPIRES);
      context.egress(EGRESS, Types.STRING, "paid " + id);
    } else if (command.equals(REMIND)) {
      context.storage().remove(REMINDER);
      context.egress(EGRESS, Types.STRING, "reminder " + id);
    } else {
      throw new IllegalArgumentException("expected 'placed <ms>' or 'paid', got: " + command);
    }
  }

  @Override
  public void onProcessingTimer(Context context, long timestamp) {
    context.storage().remove(EXPIRES);
    context.egress(EGRESS, Types.STRING, "expired " + context.self().id());
  }
}
