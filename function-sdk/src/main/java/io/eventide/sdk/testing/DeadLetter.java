package io.eventide.sdk.testing;

import io.eventide.sdk.Type;
import io.eventide.sdk.Types;

/**
 * A message (or timer) whose handler failed every attempt, as {@link FunctionTestDriver} writes it
 * to the {@value FunctionTestDriver#DEAD_LETTERS} egress, encoded as JSON with {@link #TYPE}.
 *
 * <pre>{@code
 * List<DeadLetter> dead = driver.egress(FunctionTestDriver.DEAD_LETTERS, DeadLetter.TYPE);
 * assertThat(dead.get(0).error()).contains("IllegalStateException");
 * }</pre>
 *
 * @param target the address that failed, {@code namespace/type/id}
 * @param kind {@code message} or {@code timer}
 * @param error the last failure, {@code ExceptionClass: message}
 * @param payload the message's payload as UTF-8 text (empty for a timer)
 * @param contentType the message's content type (empty for a timer)
 * @param eventTime the message's event time, or the timer's timestamp, epoch ms
 * @param attempts how many times the handler ran
 */
public record DeadLetter(
    String target, String kind, String error, String payload, String contentType, long eventTime, int attempts) {
  /** The JSON type of dead letters. */
  public static final Type<DeadLetter> TYPE = Types.json(DeadLetter.class);
}
