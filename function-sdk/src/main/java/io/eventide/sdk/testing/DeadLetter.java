package io.eventide.sdk.testing;

import io.eventide.sdk.Type;
import io.eventide.sdk.Types;

/**
 * A message (or timer) whose handler failed every attempt, as {@link FunctionTestDriver} writes it
 * to the {@value FunctionTestDriver#DEAD_LETTERS} egress: JSON in the platform's dead-letter shape,
 * {@code {"target":..., "messageId":..., "caller":..., "attempts":3, "error":{"code":
 * "HANDLER_ERROR","message":"java.lang.IllegalStateException: ..."}, "contentType":...,
 * "payload":..., "eventTime":...}}.
 *
 * <pre>{@code
 * List<DeadLetter> dead = driver.deadLetters();   // or driver.egress("dead-letters", DeadLetter.TYPE)
 * assertThat(dead.get(0).error().message()).contains("IllegalStateException");
 * }</pre>
 *
 * @param target the address that failed, {@code namespace/type/id}
 * @param messageId the failed message's id in the driver ({@code timer@<timestamp>} for an
 *     event-time timer, {@code processing-timer@<timestamp>} for a processing-time timer)
 * @param caller the sending function, {@code namespace/type/id}; null for ingress messages and
 *     timers
 * @param attempts how many times the handler ran
 * @param error why it failed
 * @param contentType the message's content type (empty for a timer)
 * @param payload the message's payload as UTF-8 text (empty for a timer); null when not UTF-8
 * @param payloadBase64 the payload in base64 when it is not UTF-8 text; null otherwise
 * @param eventTime the message's event time, or the timer's timestamp, epoch ms
 */
public record DeadLetter(
    String target,
    String messageId,
    String caller,
    int attempts,
    Failure error,
    String contentType,
    String payload,
    String payloadBase64,
    long eventTime) {
  /** The JSON type of dead letters. */
  public static final Type<DeadLetter> TYPE = Types.json(DeadLetter.class);

  /** The code the platform gives a handler that threw. */
  public static final String HANDLER_ERROR = "HANDLER_ERROR";

  /**
   * The code the platform gives a handler that went past one of {@link io.eventide.sdk.Limits}
   * ({@link io.eventide.sdk.TooLargeException}); such a message is dead-lettered after one attempt.
   */
  public static final String TOO_LARGE = "TOO_LARGE";

  /** The code the platform gives a handler call that ran past its handler timeout. */
  public static final String TIMEOUT = "TIMEOUT";

  /**
   * Why a handler failed.
   *
   * <pre>{@code
   * new DeadLetter.Failure("HANDLER_ERROR", "java.lang.IllegalStateException: boom")
   * }</pre>
   *
   * @param code a stable code, {@link #HANDLER_ERROR} for an exception from the handler
   * @param message the exception's class and message, {@code Class: message}
   */
  public record Failure(String code, String message) {}
}
