package io.eventide.examples;

import io.eventide.sdk.Context;
import io.eventide.sdk.Message;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import java.time.Duration;

/**
 * {@code example/reminder}: given a delay in milliseconds, sends itself a note with {@code
 * sendAfter}; when the note arrives it writes {@code reminder <id>} to the {@code reminders}
 * egress. Delayed messages are durable: the reminder arrives even across a restart.
 *
 * <pre>
 * curl -X POST localhost:7070/v1/send/example/reminder/tea -H 'Content-Type: application/json' -d 2000
 * # two seconds later: GET /v1/egress/reminders shows "reminder tea"
 * </pre>
 */
public final class Reminder implements StatefulFunction {
  /** The function type. */
  public static final TypeName TYPE = TypeName.of("example", "reminder");

  /** The egress that receives {@code reminder <id>} when a reminder is due. */
  public static final String EGRESS = "reminders";

  /** The note the function sends itself: text, unlike the numeric delay that schedules it. */
  static final String DUE = "due";

  @Override
  public void apply(Context context, Message message) {
    if (isDueNote(message)) {
      context.egress(EGRESS, Types.STRING, "reminder " + context.self().id());
      return;
    }
    long delayMillis = message.as(Types.LONG);
    context.sendAfter(Duration.ofMillis(delayMillis), context.self(), Types.STRING, DUE);
    context.reply(Types.STRING, "reminder " + context.self().id() + " in " + delayMillis + " ms");
  }

  private static boolean isDueNote(Message message) {
    return message.contentType().equals(Types.STRING.contentType())
        && DUE.equals(message.as(Types.STRING));
  }
}
