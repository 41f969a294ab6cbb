package io.eventide.sdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.sdk.Address;
import io.eventide.sdk.FunctionSpec;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.testing.DeadLetter;
import io.eventide.sdk.testing.EgressRecord;
import io.eventide.sdk.testing.FunctionTestDriver;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Javadoc examples of {@code io.eventide.sdk.testing}, which are tests themselves. */
class DriverExamplesTest {
  @Test
  void theDriverRunsAModule() {
    // javadoc: FunctionTestDriver
    FunctionTestDriver driver = FunctionTestDriver.of(new ShopModule());
    Address alice = Address.of("shop", "counter", "alice");

    driver.send(alice, Types.LONG, 2L);
    long total = driver.call(alice, Types.LONG, 3L, Types.LONG); // 5

    assertThat(driver.state(alice, Counter.COUNT)).contains(5L);
    assertThat(driver.egress("counts", Types.STRING)).endsWith("alice=5");

    driver.advanceProcessingTime(
        Duration.ofMinutes(1)); // due sendAfter messages, processing-time timers
    driver.advanceWatermark(60_000); // fires event-time timers <= 60000
    // end javadoc

    assertThat(total).isEqualTo(5);
    assertThat(driver.processingTime()).isEqualTo(60_000);
    assertThat(driver.currentWatermark()).isEqualTo(60_000);
  }

  @Test
  void aCallAnswersTheReply() {
    // javadoc: io.eventide.sdk.testing
    FunctionTestDriver driver = FunctionTestDriver.of(new ShopModule());
    assertThat(driver.call(Address.of("shop", "counter", "a"), Types.LONG, 2L, Types.LONG))
        .isEqualTo(2L);
    // end javadoc
  }

  @Test
  void egressRecordsKeepTheirPayload() {
    FunctionTestDriver driver = FunctionTestDriver.of(new ShopModule());
    driver.send(Address.of("shop", "counter", "a"), Types.LONG, 3L);

    // javadoc: EgressRecord
    EgressRecord first = driver.egressRecords("counts").get(0);
    assertThat(first.as(Types.STRING)).isEqualTo("a=3");
    // end javadoc
  }

  @Test
  void aFailingHandlerIsDeadLettered() {
    FunctionTestDriver driver = FunctionTestDriver.create();
    driver.register(
        TypeName.of("shop", "failing"),
        () ->
            (context, message) -> {
              throw new IllegalStateException("boom");
            });
    driver.send(Address.of("shop", "failing", "a"), Types.STRING, "hi");

    // javadoc: DeadLetter
    List<DeadLetter> dead =
        driver.deadLetters(); // or driver.egress("dead-letters", DeadLetter.TYPE)
    assertThat(dead.get(0).error().message()).contains("IllegalStateException");
    // end javadoc
    assertThat(dead.get(0).error())
        .isEqualTo(
            // javadoc: DeadLetter.Failure
            new DeadLetter.Failure("HANDLER_ERROR", "java.lang.IllegalStateException: boom")
            // end javadoc
            );
  }

  @Test
  void typesHaveTheirOwnSettings() {
    FunctionTestDriver driver = FunctionTestDriver.create();
    TypeName type = TypeName.of("shop", "enricher");
    // javadoc: FunctionTestDriver#register
    driver.register(
        FunctionSpec.builder(type)
            .withSupplier(Enricher::new)
            .withHandlerTimeout(Duration.ofSeconds(5))
            .build());
    // end javadoc

    assertThat(driver.functionTypes()).containsExactly(type);
  }

  @Test
  void aDriverHasAHandlerTimeout() {
    // javadoc: FunctionTestDriver#withHandlerTimeout
    FunctionTestDriver driver =
        FunctionTestDriver.of(new ShopModule()).withHandlerTimeout(Duration.ofSeconds(1));
    // end javadoc

    assertThat(driver.call(Address.of("shop", "counter", "a"), Types.LONG, 1L, Types.LONG))
        .isEqualTo(1L);
  }
}
