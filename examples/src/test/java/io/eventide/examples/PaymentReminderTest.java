package io.eventide.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.sdk.Address;
import io.eventide.sdk.Types;
import io.eventide.sdk.testing.FunctionTestDriver;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PaymentReminderTest {
  final FunctionTestDriver driver = FunctionTestDriver.of(new ExamplesModule());
  final Address paid = Address.of("example", "payment-reminder", "o-1");
  final Address unpaid = Address.of("example", "payment-reminder", "o-2");

  @Test
  void aPaidOrderIsNeitherRemindedNorExpiredAndAnUnpaidOneIsBoth() {
    driver.send(paid, Types.STRING, "placed 2000");
    driver.send(unpaid, Types.STRING, "placed 2000");
    driver.advanceProcessingTime(Duration.ofMillis(1999));
    driver.send(paid, Types.STRING, "paid");

    driver.advanceProcessingTime(Duration.ofMinutes(1));

    assertThat(driver.egress(PaymentReminder.EGRESS, Types.STRING))
        .containsExactly("paid o-1", "reminder o-2", "expired o-2");
    assertThat(driver.state(paid, PaymentReminder.REMINDER)).isEmpty();
    assertThat(driver.pendingProcessingTimers(paid)).isEmpty();
    assertThat(driver.pendingMessages()).isZero();
  }

  @Test
  void payingAfterTheReminderStillStopsTheExpiry() {
    driver.send(paid, Types.STRING, "placed 1000");
    driver.advanceProcessingTime(Duration.ofMillis(1500));
    driver.send(paid, Types.STRING, "paid");

    driver.advanceProcessingTime(Duration.ofMinutes(1));

    assertThat(driver.egress(PaymentReminder.EGRESS, Types.STRING))
        .containsExactly("reminder o-1", "paid o-1");
  }
}
