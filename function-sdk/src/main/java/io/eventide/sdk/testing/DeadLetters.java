package io.eventide.sdk.testing;

import io.eventide.sdk.Address;
import io.eventide.sdk.TooLargeException;
import io.eventide.sdk.runtime.FailureMessages;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Builds {@link DeadLetter}s in the platform's shape, so that a test reading the dead-letters
 * egress sees what production would write.
 */
final class DeadLetters {
  private DeadLetters() {}

  static DeadLetter ofMessage(Envelope envelope, Exception failure, int attempts) {
    byte[] payload = envelope.message().payload();
    String text = utf8(payload);
    return new DeadLetter(
        envelope.target().toString(),
        "msg-" + envelope.sequence(),
        envelope.caller().map(Address::toString).orElse(null),
        attempts,
        error(failure),
        envelope.message().contentType(),
        text,
        text == null ? Base64.getEncoder().encodeToString(payload) : null,
        envelope.message().eventTime());
  }

  static DeadLetter ofTimer(Address target, long timestamp, Exception failure, int attempts) {
    return timer("timer@", target, timestamp, failure, attempts);
  }

  static DeadLetter ofProcessingTimer(
      Address target, long timestamp, Exception failure, int attempts) {
    return timer("processing-timer@", target, timestamp, failure, attempts);
  }

  private static DeadLetter timer(
      String kind, Address target, long timestamp, Exception failure, int attempts) {
    return new DeadLetter(
        target.toString(),
        kind + timestamp,
        null,
        attempts,
        error(failure),
        "",
        "",
        null,
        timestamp);
  }

  private static DeadLetter.Failure error(Exception failure) {
    if (failure instanceof HandlerThread.TimedOut) {
      return new DeadLetter.Failure(DeadLetter.TIMEOUT, failure.getMessage());
    }
    String code =
        failure instanceof TooLargeException ? DeadLetter.TOO_LARGE : DeadLetter.HANDLER_ERROR;
    return new DeadLetter.Failure(
        code,
        failure.getClass().getName() + ": " + FailureMessages.shortened(failure.getMessage()));
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null; // not text: the caller writes the payload in base64 instead
    }
  }
}
