package io.eventide.dispatcher.internal.egress;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Which Kafka send failures are about the record itself, so that sending it again can never
 * succeed: the record goes to dead-letters instead of being retried forever.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless.
 */
final class Refusals {

  boolean isForGood(Throwable failure) {
    return failure instanceof RecordTooLargeException
        || failure instanceof InvalidTimestampException
        || failure instanceof InvalidRecordException;
  }

  String describe(Throwable failure) {
    String what =
        failure instanceof RecordTooLargeException
            ? "record too large for the topic or producer"
            : failure instanceof InvalidTimestampException
                ? "timestamp refused by the topic"
                : "record refused by the topic";
    return "kafka: " + what + ": " + failure.getMessage();
  }
}
