package io.eventide.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.sdk.Address;
import io.eventide.sdk.Types;
import io.eventide.sdk.testing.FunctionTestDriver;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SessionTest {
  final FunctionTestDriver driver = FunctionTestDriver.of(new ExamplesModule());
  final Address user = Address.of("example", "session", "u1");

  String view(String page) {
    return driver.call(user, Types.STRING, page, Types.STRING);
  }

  @Test
  void aSessionLivesWhileViewedAndPagesAnHourAfterTheirLastView() {
    assertThat(view("/home")).isEqualTo("views 1, pages 1");
    driver.advanceProcessingTime(Duration.ofMinutes(29));
    assertThat(view("/cart")).isEqualTo("views 2, pages 2");
    driver.advanceProcessingTime(Duration.ofMinutes(29));
    assertThat(view("/cart"))
        .as("the session was renewed by the view before")
        .isEqualTo("views 3, pages 2");

    driver.advanceProcessingTime(Duration.ofMinutes(30));
    assertThat(view("/pay")).as("/home was viewed 88 minutes ago").isEqualTo("views 1, pages 2");
    assertThat(driver.state(user, Session.PAGES)).containsOnlyKeys("/cart", "/pay");
  }
}
