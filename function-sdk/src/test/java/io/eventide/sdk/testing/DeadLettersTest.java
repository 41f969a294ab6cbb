package io.eventide.sdk.testing;

import static io.eventide.sdk.testing.TestFunctions.COUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.sdk.Address;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeadLettersTest {
  static final TypeName FLAKY = TypeName.of("t", "flaky");

  final FunctionTestDriver driver = FunctionTestDriver.of(new TestFunctions());
  final AtomicInteger attempts = new AtomicInteger();
  final Address flaky = new Address(FLAKY, "f");

  /**
   * Counts, egresses and replies, then fails while fewer than {@code failures} attempts were made.
   */
  void registerFlaky(int failures) {
    driver.register(
        FLAKY,
        () ->
            (context, message) -> {
              context.storage().set(COUNT, context.storage().get(COUNT).orElse(0L) + 1);
              context.egress("log", Types.STRING, "attempt");
              context.send(Address.of("t", "logger", "l"), Types.STRING, "sent");
              context.reply(Types.STRING, "ok");
              if (attempts.incrementAndGet() <= failures) {
                throw new IllegalStateException("boom " + attempts.get());
              }
            },
        COUNT);
  }

  @Test
  void aFailingHandlerIsRetriedThreeTimesThenDeadLetteredWithNoEffect() {
    registerFlaky(Integer.MAX_VALUE);

    driver.send(flaky, Types.STRING, "payload ü", 42L);

    assertThat(attempts).hasValue(3);
    assertThat(driver.state(flaky, COUNT)).isEmpty();
    assertThat(driver.egressRecords("log")).isEmpty();
    assertThat(driver.deadLetters())
        .containsExactly(
            new DeadLetter(
                "t/flaky/f",
                "msg-0",
                null,
                3,
                new DeadLetter.Failure("HANDLER_ERROR", "java.lang.IllegalStateException: boom 3"),
                "text/plain; charset=utf-8",
                "payload ü",
                null,
                42L));
  }

  @Test
  void theDeadLetterRecordIsJsonOnTheDeadLettersEgress() {
    registerFlaky(Integer.MAX_VALUE);

    driver.send(flaky, Types.STRING, "x", 1L);

    EgressRecord record = driver.egressRecords(FunctionTestDriver.DEAD_LETTERS).get(0);
    assertThat(record.contentType()).isEqualTo("application/json");
    assertThat(record.eventTime()).isEqualTo(1L);
    assertThat(record.as(Types.STRING))
        .contains(
            "\"target\":\"t/flaky/f\"",
            "\"attempts\":3",
            "\"error\":{\"code\":\"HANDLER_ERROR\",\"message\":\"java.lang.IllegalStateException: boom 3\"}",
            "\"contentType\":\"text/plain; charset=utf-8\"",
            "\"payload\":\"x\"",
            "\"eventTime\":1");
  }

  @Test
  void aHandlerThatRecoversKeepsTheEffectsOfItsSuccessfulAttemptOnce() {
    registerFlaky(2);

    String reply = driver.call(flaky, Types.STRING, "x", Types.STRING);

    assertThat(reply).isEqualTo("ok");
    assertThat(attempts).hasValue(3);
    assertThat(driver.state(flaky, COUNT)).contains(1L);
    assertThat(driver.egress("log", Types.STRING))
        .containsExactly("attempt", "sent from=t/flaky/f et=0 wm=" + Long.MIN_VALUE);
    assertThat(driver.deadLetters()).isEmpty();
  }

  @Test
  void aPayloadThatIsNotUtf8IsKeptInBase64() {
    registerFlaky(Integer.MAX_VALUE);

    driver.send(flaky, Types.BYTES, new byte[] {(byte) 0xff, 0x00});

    DeadLetter letter = driver.deadLetters().get(0);
    assertThat(letter.payload()).isNull();
    assertThat(letter.payloadBase64()).isEqualTo("/wA=");
  }

  @Test
  void maxAttemptsIsConfigurable() {
    registerFlaky(Integer.MAX_VALUE);
    driver.withMaxAttempts(5);

    driver.send(flaky, Types.STRING, "x");

    assertThat(attempts).hasValue(5);
    assertThat(driver.deadLetters()).singleElement().extracting(DeadLetter::attempts).isEqualTo(5);
    assertThatThrownBy(() -> driver.withMaxAttempts(0)).hasMessageContaining("at least 1");
  }

  @Test
  void processingContinuesAfterADeadLetter() {
    registerFlaky(Integer.MAX_VALUE);
    driver.register(
        TypeName.of("t", "both"),
        () ->
            (context, message) -> {
              context.send(flaky, Types.STRING, "doomed");
              context.send(Address.of("t", "counter", "after"), Types.LONG, 7L);
            });

    driver.send(Address.of("t", "both", "b"), Types.STRING, "go");

    assertThat(driver.deadLetters())
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.payload()).isEqualTo("doomed");
              assertThat(letter.caller()).isEqualTo("t/both/b");
            });
    assertThat(driver.state(Address.of("t", "counter", "after"), COUNT)).contains(7L);
  }

  @Test
  void aCallWhoseMessageIsDeadLetteredThrowsWithTheCause() {
    registerFlaky(Integer.MAX_VALUE);

    assertThatThrownBy(() -> driver.call(flaky, Types.STRING, "x", Types.STRING))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("call to t/flaky/f failed 3 times and went to dead-letters")
        .hasRootCauseMessage("boom 3");
  }

  @Test
  void aFactoryThatFailsCountsAsAFailingHandler() {
    TypeName broken = TypeName.of("t", "broken");
    driver.register(
        broken,
        () -> {
          throw new IllegalArgumentException("no instance");
        });

    driver.send(new Address(broken, "x"), Types.STRING, "x");

    assertThat(driver.deadLetters())
        .extracting(letter -> letter.error().message())
        .containsExactly("java.lang.IllegalArgumentException: no instance");
  }

  @Test
  void aFailingTimerIsDeadLetteredAsATimer() {
    TypeName type = TypeName.of("t", "badtimer");
    driver.register(
        type,
        () ->
            new StatefulFunction() {
              @Override
              public void apply(io.eventide.sdk.Context context, io.eventide.sdk.Message message) {
                context.registerEventTimeTimer(100);
              }

              @Override
              public void onTimer(io.eventide.sdk.Context context, long timestamp) {
                throw new IllegalStateException("timer broke");
              }
            });
    driver.send(new Address(type, "x"), Types.STRING, "x");

    driver.advanceWatermark(100);

    assertThat(driver.deadLetters())
        .containsExactly(
            new DeadLetter(
                "t/badtimer/x",
                "timer@100",
                null,
                3,
                new DeadLetter.Failure(
                    "HANDLER_ERROR", "java.lang.IllegalStateException: timer broke"),
                "",
                "",
                null,
                100L));
  }
}
