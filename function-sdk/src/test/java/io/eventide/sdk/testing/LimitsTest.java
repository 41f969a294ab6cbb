package io.eventide.sdk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.sdk.Address;
import io.eventide.sdk.Limits;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The driver holds handlers to the platform's {@link Limits}, at and one byte past each, with the
 * platform's outcome: {@code TOO_LARGE} after one attempt, nothing of the call kept.
 */
class LimitsTest {
  private static final TypeName STATE = TypeName.of("t", "state");
  private static final TypeName SEND = TypeName.of("t", "send");
  private static final TypeName OUTPUT = TypeName.of("t", "output");
  private static final TypeName SINK = TypeName.of("t", "sink");
  private static final ValueSpec<byte[]> BLOB = ValueSpec.named("blob").withType(Types.BYTES);
  private static final ValueSpec<Long> SEEN = ValueSpec.named("seen").withType(Types.LONG);

  private final FunctionTestDriver driver =
      FunctionTestDriver.create()
          .register(
              STATE,
              () -> (context, message) -> context.storage().set(BLOB, new byte[size(message)]),
              BLOB)
          .register(
              SEND,
              () ->
                  (context, message) ->
                      context.send(
                          Address.of("t", "sink", "s"), Types.BYTES, new byte[size(message)]))
          .register(
              OUTPUT,
              () ->
                  (context, message) -> {
                    // Whole mebibytes to the egress, then the rest: the call's output is the
                    // payload's number.
                    int left = size(message);
                    for (; left > Limits.MAX_MESSAGE_BYTES; left -= Limits.MAX_MESSAGE_BYTES) {
                      context.egress("out", Types.BYTES, new byte[Limits.MAX_MESSAGE_BYTES]);
                    }
                    context.egress("out", Types.BYTES, new byte[left]);
                  })
          .register(
              SINK,
              () ->
                  (context, message) ->
                      context.storage().set(SEEN, context.storage().get(SEEN).orElse(0L) + 1),
              SEEN);

  private static int size(io.eventide.sdk.Message message) {
    return Integer.parseInt(message.as(Types.STRING));
  }

  @Test
  void aStateValueOfSixteenMebibytesIsKeptAndOneByteMoreIsTooLarge() {
    Address a = Address.of("t", "state", "a");
    driver.send(a, Types.STRING, String.valueOf(Limits.MAX_STATE_VALUE_BYTES));
    assertThat(driver.state(a, BLOB))
        .hasValueSatisfying(v -> assertThat(v).hasSize(Limits.MAX_STATE_VALUE_BYTES));

    driver.send(a, Types.STRING, String.valueOf(Limits.MAX_STATE_VALUE_BYTES + 1));

    assertThat(driver.state(a, BLOB))
        .hasValueSatisfying(v -> assertThat(v).hasSize(Limits.MAX_STATE_VALUE_BYTES));
    assertTooLarge(
        "state value 'blob' of 16777217 bytes exceeds the limit of 16777216 bytes (16 MiB)");
  }

  @Test
  void aMessageOfOneMebibyteIsSentAndOneByteMoreIsTooLarge() {
    driver.send(
        Address.of("t", "send", "a"), Types.STRING, String.valueOf(Limits.MAX_MESSAGE_BYTES));
    assertThat(driver.state(Address.of("t", "sink", "s"), SEEN)).contains(1L);

    driver.send(
        Address.of("t", "send", "b"), Types.STRING, String.valueOf(Limits.MAX_MESSAGE_BYTES + 1));

    assertThat(driver.state(Address.of("t", "sink", "s"), SEEN)).contains(1L);
    assertTooLarge(
        "message to t/sink/s of 1048577 bytes exceeds the limit of 1048576 bytes (1 MiB)");
  }

  @Test
  void eightMebibytesOfOutputAreWrittenAndOneByteMoreIsNothing() {
    driver.send(
        Address.of("t", "output", "a"), Types.STRING, String.valueOf(Limits.MAX_CALL_OUTPUT_BYTES));
    assertThat(driver.egressRecords("out")).hasSize(8);

    driver.send(
        Address.of("t", "output", "b"),
        Types.STRING,
        String.valueOf(Limits.MAX_CALL_OUTPUT_BYTES + 1));

    assertThat(driver.egressRecords("out")).as("none of the call's records").hasSize(8);
    assertTooLarge(
        "the output of one handler call of 8388609 bytes exceeds the limit of 8388608 bytes (8 MiB)");
  }

  @Test
  void aFailureMessageIsCutToAThousandCharactersAsOnThePlatform() {
    FunctionTestDriver failing =
        FunctionTestDriver.create()
            .register(
                TypeName.of("t", "fail"),
                () ->
                    (context, m) -> {
                      throw new IllegalStateException("x".repeat(5_000));
                    });

    failing.send(Address.of("t", "fail", "a"), Types.STRING, "go");

    String message = failing.deadLetters().get(0).error().message();
    assertThat(message)
        .startsWith("java.lang.IllegalStateException: xxx")
        .endsWith("xxx... (4000 more characters)");
  }

  @Test
  void aHandlerPastItsTimeoutIsDeadLetteredWithTimeoutAndTheNextCallRuns() {
    TypeName sleepy = TypeName.of("t", "sleepy");
    FunctionTestDriver timed =
        FunctionTestDriver.create()
            .withMaxAttempts(2)
            .register(
                io.eventide.sdk.FunctionSpec.builder(sleepy)
                    .withValueSpecs(SEEN)
                    .withSupplier(
                        () ->
                            (context, m) -> {
                              if (m.as(Types.STRING).equals("sleep")) {
                                while (true) {
                                  try {
                                    Thread.sleep(60_000);
                                  } catch (InterruptedException ignored) {
                                    // as stubborn as a handler can be
                                  }
                                }
                              }
                              context.storage().set(SEEN, 1L);
                            })
                    .withHandlerTimeout(java.time.Duration.ofMillis(100))
                    .build());

    timed.send(Address.of("t", "sleepy", "a"), Types.STRING, "sleep");
    timed.send(Address.of("t", "sleepy", "b"), Types.STRING, "run");

    assertThat(timed.deadLetters())
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.error().code()).isEqualTo(DeadLetter.TIMEOUT);
              assertThat(letter.error().message())
                  .isEqualTo("t/sleepy did not return within PT0.1S");
              assertThat(letter.attempts()).isEqualTo(2);
            });
    assertThat(timed.state(Address.of("t", "sleepy", "b"), SEEN)).contains(1L);
  }

  @Test
  void theDriversHandlerTimeoutIsCheckedAsTheLaunchersIs() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> driver.withHandlerTimeout(java.time.Duration.ZERO))
        .hasMessageContaining("must be positive");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> driver.withHandlerTimeout(java.time.Duration.ofMinutes(61)))
        .hasMessageContaining("at most PT1H");
  }

  private void assertTooLarge(String message) {
    List<DeadLetter> dead = driver.deadLetters();
    assertThat(dead).hasSize(1);
    assertThat(dead.get(0).attempts()).isEqualTo(1);
    assertThat(dead.get(0).error().code()).isEqualTo(DeadLetter.TOO_LARGE);
    assertThat(dead.get(0).error().message())
        .isEqualTo("io.eventide.sdk.TooLargeException: " + message);
  }
}
