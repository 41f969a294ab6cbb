package io.eventide.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventide.sdk.Address;
import io.eventide.sdk.FunctionModule;
import io.eventide.sdk.Type;
import io.eventide.sdk.Types;
import io.eventide.sdk.testing.DeadLetter;
import io.eventide.sdk.testing.FunctionTestDriver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ExamplesTest {
  final FunctionTestDriver driver = FunctionTestDriver.of(new ExamplesModule());

  @Test
  void theModuleIsFoundByTheServiceLoaderAndRegistersEveryExample() {
    List<FunctionModule> modules =
        ServiceLoader.load(FunctionModule.class).stream().map(ServiceLoader.Provider::get).toList();

    assertThat(modules).singleElement().isInstanceOf(ExamplesModule.class);
    assertThat(driver.functionTypes())
        .containsExactlyInAnyOrder(
            Counter.TYPE,
            KeyedCount.TYPE,
            Greeter.TYPE,
            Notifier.TYPE,
            Fanout.TYPE,
            Reminder.TYPE,
            PaymentReminder.TYPE,
            Failing.TYPE,
            Stuck.TYPE,
            WindowCount.TYPE,
            WindowCount.WARMUP_TYPE,
            WindowCount.LATE_TYPE,
            WindowCount.LATE_WARMUP_TYPE,
            RecentPrices.TYPE,
            FraudAlerts.TYPE,
            Session.TYPE);
  }

  @Test
  void theModulesExampleDrivesItsFunctions() {
    // javadoc: ExamplesModule
    FunctionTestDriver driver = FunctionTestDriver.of(new ExamplesModule());
    // end javadoc

    assertThat(
            driver.call(Address.of("example", "greeter", "u1"), Types.STRING, "Ada", Types.STRING))
        .isEqualTo("Hello, Ada! (#1)");
  }

  @Test
  void notifierWritesNumberedRecordsKeyedByTheId() {
    driver.send(Address.of("example", "notifier", "alice"), Types.STRING, "hi");
    driver.send(Address.of("example", "notifier", "bob"), Types.STRING, "yo");
    driver.send(Address.of("example", "notifier", "alice"), Types.STRING, "again");

    assertThat(driver.egressRecords(Notifier.EGRESS))
        .extracting(r -> r.key() + " " + r.as(Types.STRING))
        .containsExactly("alice alice:1:hi", "bob bob:1:yo", "alice alice:2:again");
  }

  @Test
  void counterAddsRepliesAndLogsPerId() {
    Address alice = Address.of("example", "counter", "alice");

    assertThat(driver.call(alice, Types.LONG, 5L, Types.LONG)).isEqualTo(5L);
    assertThat(driver.call(alice, Types.LONG, -2L, Types.LONG)).isEqualTo(3L);
    driver.send(Address.of("example", "counter", "bob"), Types.LONG, 1L);

    assertThat(driver.state(alice, Counter.COUNT)).contains(3L);
    assertThat(driver.egress("counts", Types.STRING))
        .containsExactly("id=alice count=5", "id=alice count=3", "id=bob count=1");
  }

  @Test
  void keyedCountKeepsATotalPerIdAndWritesNoEgress() {
    Address alice = Address.of("bench", "count", "alice");

    driver.send(alice, Types.LONG, 2L);
    driver.send(Address.of("bench", "count", "bob"), Types.LONG, 1L);
    assertThat(driver.call(alice, Types.LONG, 3L, Types.LONG)).isEqualTo(5L);

    assertThat(driver.state(alice, KeyedCount.COUNT)).contains(5L);
    assertThat(driver.state(Address.of("bench", "count", "bob"), KeyedCount.COUNT)).contains(1L);
    assertThat(driver.egress("counts", Types.STRING)).isEmpty();
  }

  @Test
  void counterDeadLettersAPayloadThatIsNotANumber() {
    Address alice = Address.of("example", "counter", "alice");

    driver.send(alice, Types.STRING, "five");

    assertThat(driver.deadLetters())
        .singleElement()
        .satisfies(
            letter ->
                assertThat(letter.error().message())
                    .contains("not a decimal 64-bit integer: 'five'"));
    assertThat(driver.state(alice, Counter.COUNT)).isEmpty();
  }

  @Test
  void greeterGreetsCountsVisitsAndTellsTheGreetingsCounter() {
    Address u1 = Address.of("example", "greeter", "u1");

    assertThat(driver.call(u1, Types.STRING, "Ada", Types.STRING)).isEqualTo("Hello, Ada! (#1)");
    assertThat(driver.call(u1, Types.STRING, "Ada", Types.STRING)).isEqualTo("Hello, Ada! (#2)");
    driver.send(Address.of("example", "greeter", "u2"), Types.STRING, "Grace");

    assertThat(driver.state(u1, Greeter.SEEN)).contains(2L);
    assertThat(driver.egress("greetings", Types.STRING))
        .containsExactly("Hello, Ada! (#1)", "Hello, Ada! (#2)", "Hello, Grace! (#1)");
    assertThat(driver.state(Greeter.GREETINGS_COUNTER, Counter.COUNT)).contains(3L);
    assertThat(driver.egress("counts", Types.STRING)).last().isEqualTo("id=greetings count=3");
  }

  @Test
  void fanoutSendsTheAmountToEveryTargetCounter() {
    Address fanout = Address.of("example", "fanout", "f1");

    long sent =
        driver.call(
            fanout, Fanout.Request.JSON, new Fanout.Request(List.of("a", "b"), 3), Types.LONG);

    assertThat(sent).isEqualTo(2L);
    assertThat(driver.state(Address.of("example", "counter", "a"), Counter.COUNT)).contains(3L);
    assertThat(driver.state(Address.of("example", "counter", "b"), Counter.COUNT)).contains(3L);
  }

  @Test
  void fanoutReadsTheDocumentedJsonAndTreatsMissingTargetsAsNone() {
    Type<String> json = jsonText();
    Address fanout = Address.of("example", "fanout", "f1");

    assertThat(
            driver.call(fanout, json, "{\"targets\":[\"a\",\"b\",\"a\"],\"amount\":3}", Types.LONG))
        .isEqualTo(3L);
    assertThat(driver.call(fanout, json, "{\"amount\":3}", Types.LONG)).isZero();

    assertThat(driver.state(Address.of("example", "counter", "a"), Counter.COUNT)).contains(6L);
  }

  @Test
  void reminderEgressesWhenTheDelayHasPassed() {
    Address tea = Address.of("example", "reminder", "tea");

    String reply = driver.call(tea, Types.LONG, 2000L, Types.STRING);
    driver.advanceProcessingTime(Duration.ofMillis(1999));
    assertThat(driver.egress("reminders", Types.STRING)).isEmpty();

    driver.advanceProcessingTime(Duration.ofMillis(1));
    assertThat(reply).isEqualTo("reminder tea in 2000 ms");
    assertThat(driver.egress("reminders", Types.STRING)).containsExactly("reminder tea");
  }

  @Test
  void reminderAcceptsTheDelayAsPlainText() {
    driver.send(Address.of("example", "reminder", "r"), Types.STRING, "10");

    driver.advanceProcessingTime(Duration.ofMillis(10));

    assertThat(driver.egress("reminders", Types.STRING)).containsExactly("reminder r");
  }

  @Test
  void failingAlwaysEndsInTheDeadLetters() {
    Address x = Address.of("example", "failing", "x");

    assertThatThrownBy(() -> driver.call(x, Types.STRING, "hello", Types.STRING))
        .hasRootCauseMessage(Failing.ERROR);

    assertThat(driver.deadLetters())
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.target()).isEqualTo("example/failing/x");
              assertThat(letter.error())
                  .isEqualTo(
                      new DeadLetter.Failure(
                          "HANDLER_ERROR", "java.lang.IllegalStateException: " + Failing.ERROR));
              assertThat(letter.payload()).isEqualTo("hello");
              assertThat(letter.attempts()).isEqualTo(3);
            });
    assertThat(driver.call(Address.of("example", "counter", "after"), Types.LONG, 1L, Types.LONG))
        .as("processing goes on")
        .isEqualTo(1L);
  }

  @Test
  void windowCountCountsEachIdPerSecondOnceTheWatermarkPassesTheWindow() {
    Address alice = Address.of("bench", "window-count", "alice");
    Address bob = Address.of("bench", "window-count", "bob");

    driver.send(alice, Types.LONG, 1L, 1_000);
    driver.send(alice, Types.LONG, 1L, 1_999);
    driver.send(bob, Types.LONG, 1L, 1_500);
    driver.send(alice, Types.LONG, 1L, 2_000);
    driver.advanceWatermark(1_998);
    assertThat(driver.egress(WindowCount.EGRESS, WindowCount.Result.JSON))
        .as("no window is complete yet")
        .isEmpty();

    driver.advanceWatermark(1_999);
    assertThat(driver.egress(WindowCount.EGRESS, WindowCount.Result.JSON))
        .containsExactlyInAnyOrder(
            new WindowCount.Result("alice", 1_000, 2_000, 2),
            new WindowCount.Result("bob", 1_000, 2_000, 1));

    driver.advanceWatermark(Long.MAX_VALUE);
    assertThat(driver.egress(WindowCount.EGRESS, WindowCount.Result.JSON))
        .hasSize(3)
        .last()
        .isEqualTo(new WindowCount.Result("alice", 2_000, 3_000, 1));
  }

  /**
   * {@code bench/window-count-late} keeps a window 500 ms past its end: a late event within that
   * fires it again with the new count (as Flink's allowed lateness does), one past it is dropped.
   */
  @Test
  void windowCountLateFiresAgainForALateEventWithinItsLatenessOnly() {
    Address alice = Address.of("bench", "window-count-late", "alice");

    driver.send(alice, Types.LONG, 1L, 1_200);
    driver.advanceWatermark(2_300);
    driver.send(alice, Types.LONG, 1L, 1_400);
    driver.advanceWatermark(2_499);
    driver.send(alice, Types.LONG, 1L, 1_600);

    assertThat(driver.egress(WindowCount.EGRESS, WindowCount.Result.JSON))
        .containsExactly(
            new WindowCount.Result("alice", 1_000, 2_000, 1),
            new WindowCount.Result("alice", 1_000, 2_000, 2));
  }

  @Test
  void fraudAlertsFlagALoginAndThreeFailuresInOrderAndReportAbandonedLogins() {
    Address alice = Address.of("example", "fraud", "alice");
    for (long at : new long[] {1_000, 3_000, 2_000, 4_000}) {
      String action = at == 1_000 ? "login" : "fail";
      driver.send(alice, FraudAlerts.Action.JSON, new FraudAlerts.Action(action, at), at);
    }
    driver.send(alice, FraudAlerts.Action.JSON, new FraudAlerts.Action("login", 5_000), 5_000);
    driver.send(alice, FraudAlerts.Action.JSON, new FraudAlerts.Action("pay", 6_000), 6_000);

    driver.advanceWatermark(10_000);
    assertThat(driver.egress(FraudAlerts.EGRESS, FraudAlerts.Alert.JSON))
        .containsExactly(new FraudAlerts.Alert("alice", 1_000, List.of(2_000L, 3_000L, 4_000L)));
    assertThat(driver.egress(FraudAlerts.ABANDONED, FraudAlerts.Abandoned.JSON)).isEmpty();

    driver.send(alice, FraudAlerts.Action.JSON, new FraudAlerts.Action("login", 70_000), 70_000);
    driver.advanceWatermark(200_000);
    assertThat(driver.egress(FraudAlerts.ABANDONED, FraudAlerts.Abandoned.JSON))
        .containsExactly(new FraudAlerts.Abandoned("alice", 70_000));
  }

  @Test
  void windowCountWritesTheDocumentedJson() {
    driver.send(Address.of("bench", "window-count", "k7"), Types.LONG, 1L, 5_250);

    driver.advanceWatermark(Long.MAX_VALUE);

    assertThat(driver.egressRecords(WindowCount.EGRESS))
        .singleElement()
        .satisfies(
            record ->
                assertThat(new String(record.payload(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"key\":\"k7\",\"start\":5000,\"end\":6000,\"count\":1}"));
  }

  /** JSON written by hand, as an HTTP client would send it. */
  private static Type<String> jsonText() {
    return new Type<>() {
      @Override
      public String contentType() {
        return "application/json";
      }

      @Override
      public byte[] encode(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public String decode(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
      }
    };
  }
}
