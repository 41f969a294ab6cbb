package io.eventide.sdk.examples;

import static io.eventide.sdk.examples.Orders.ORDER;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.sdk.Address;
import io.eventide.sdk.Context;
import io.eventide.sdk.Limits;
import io.eventide.sdk.Message;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.Storage;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;
import io.eventide.sdk.examples.Orders.Notice;
import io.eventide.sdk.examples.Orders.Order;
import io.eventide.sdk.testing.EgressRecord;
import io.eventide.sdk.testing.FunctionTestDriver;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The Javadoc examples of what a handler does: {@code Context}, {@code Storage}, {@code Types},
 * {@code Limits}.
 */
class HandlerExamplesTest {
  static final ValueSpec<Long> SEEN = ValueSpec.named("seen").withType(Types.LONG);

  final FunctionTestDriver driver = FunctionTestDriver.create();
  final Address alice = Address.of("shop", "reminder", "alice");

  /**
   * Registers the timer of {@code Context}'s example and handles it as {@code StatefulFunction}'s.
   */
  static final class IdleReminder implements StatefulFunction {
    @Override
    public void apply(Context context, Message message) {
      // javadoc: Context#registerProcessingTimeTimer
      context.registerProcessingTimeTimer(context.currentProcessingTime() + 30_000); // in 30 s
      // end javadoc
    }

    // javadoc: StatefulFunction#onProcessingTimer
    public void onProcessingTimer(Context context, long timestamp) {
      context.egress("reminders", Types.STRING, context.self().id() + " idle since " + timestamp);
    }
    // end javadoc
  }

  @Test
  void aProcessingTimeTimerFiresByTheClock() {
    driver.register(alice.type(), IdleReminder::new);
    driver.send(alice, Types.STRING, "hello");

    // javadoc: FunctionTestDriver#pendingProcessingTimers
    assertThat(driver.pendingProcessingTimers(alice)).containsExactly(30_000L);
    // end javadoc
    driver.advanceProcessingTime(Duration.ofSeconds(30));
    assertThat(driver.egress("reminders", Types.STRING)).containsExactly("alice idle since 30000");
  }

  @Test
  void aHandlerSendsWritesAndReplies() {
    driver.register(
        TypeName.of("shop", "checkout"),
        () ->
            (context, message) -> {
              Order order = message.as(ORDER);
              // javadoc: Context
              context.send(Address.of("shop", "audit", order.id()), Types.STRING, "paid");
              context.egress("notifications", Types.json(Notice.class), new Notice(order.id()));
              context.reply(Types.STRING, "ok");
              // end javadoc
            });
    driver.register(
        TypeName.of("shop", "audit"),
        () ->
            (context, message) ->
                context.egress(
                    "audit", Types.STRING, context.self().id() + " " + message.as(Types.STRING)));

    String reply =
        driver.call(
            Address.of("shop", "checkout", "c1"), ORDER, new Order("o-7", 1250), Types.STRING);

    assertThat(reply).isEqualTo("ok");
    assertThat(driver.egress("audit", Types.STRING)).containsExactly("o-7 paid");
    assertThat(driver.egress("notifications", Types.json(Notice.class)))
        .containsExactly(new Notice("o-7"));
  }

  @Test
  void aKeyedEgressRecordKeepsItsKey() {
    driver.register(
        TypeName.of("shop", "payments"),
        () ->
            (context, message) -> {
              Order order = message.as(ORDER);
              // javadoc: Context#egress
              context.egress("paid-orders", order.id(), Types.json(Order.class), order);
              // end javadoc
            });

    driver.send(Address.of("shop", "payments", "p1"), ORDER, new Order("o-9", 300));

    EgressRecord record = driver.egressRecords("paid-orders").get(0);
    assertThat(record.key()).isEqualTo("o-9");
    assertThat(record.as(ORDER)).isEqualTo(new Order("o-9", 300));
  }

  @Test
  void anEgressKeyIsOneTo256BytesOfUtf8() {
    TypeName keyed = TypeName.of("shop", "keyed");
    driver.register(
        keyed,
        () ->
            (context, message) ->
                context.egress("out", message.as(Types.STRING), Types.STRING, "v"));

    driver.send(Address.of("shop", "keyed", "a"), Types.STRING, "k".repeat(256));
    driver.send(Address.of("shop", "keyed", "b"), Types.STRING, "é".repeat(128));
    driver.send(Address.of("shop", "keyed", "c"), Types.STRING, "k".repeat(257));
    driver.send(Address.of("shop", "keyed", "d"), Types.STRING, "");

    assertThat(driver.egressRecords("out"))
        .extracting(EgressRecord::key)
        .containsExactly("k".repeat(256), "é".repeat(128));
    assertThat(driver.deadLetters())
        .hasSize(2)
        .allSatisfy(
            dead -> assertThat(dead.error().message()).contains("egress key must be 1..256 bytes"));
  }

  @Test
  void theProcessingTimeIsTheDriversClock() {
    driver.register(
        TypeName.of("shop", "deadline"),
        () ->
            (context, message) -> {
              // javadoc: Context#currentProcessingTime
              long deadline = context.currentProcessingTime() + Duration.ofMinutes(5).toMillis();
              // end javadoc
              context.reply(Types.LONG, deadline);
            });
    driver.advanceProcessingTime(Duration.ofMinutes(1));

    assertThat(driver.call(Address.of("shop", "deadline", "a"), Types.STRING, "", Types.LONG))
        .isEqualTo(360_000L);
  }

  @Test
  void storageKeepsAValuePerAddress() {
    Address visitor = Address.of("shop", "visits", "alice");
    driver.register(
        visitor.type(),
        () ->
            (context, message) -> {
              Storage storage = context.storage();
              // javadoc: Storage
              long seen = storage.get(SEEN).orElse(0L);
              storage.set(SEEN, seen + 1);
              // end javadoc
            },
        SEEN);
    driver.send(visitor, Types.STRING, "hi");
    driver.send(visitor, Types.STRING, "again");

    assertThat(driver.state(visitor, SEEN)).contains(2L);
  }

  @Test
  void typesEncodeRepliesAndDecodeMessages() {
    driver.register(
        TypeName.of("shop", "orders"),
        () ->
            (context, message) -> {
              // javadoc: Types
              context.reply(Types.LONG, 42L);
              Order order = message.as(Types.json(Order.class));
              // end javadoc
              context.egress("orders", Types.STRING, order.id());
            });

    assertThat(
            driver.call(Address.of("shop", "orders", "a"), ORDER, new Order("o-1", 5), Types.LONG))
        .isEqualTo(42L);
    assertThat(driver.egress("orders", Types.STRING)).containsExactly("o-1");
  }

  /** Compiled, not run: no payload decodes both as a number and as an {@code Order}. */
  static void decodeEitherWay(Message message) {
    // javadoc: Message
    long amount = message.as(Types.LONG);
    Order order = message.as(Types.json(Order.class));
    // end javadoc
    assertThat(order.cents()).isEqualTo(amount);
  }

  @Test
  void aHandlerChecksALimitBeforeItFails() {
    driver.register(
        TypeName.of("shop", "reports"),
        () ->
            (context, message) -> {
              byte[] report = new byte[message.as(Types.LONG).intValue()];
              // javadoc: Limits
              if (report.length > Limits.MAX_MESSAGE_BYTES) {
                context.egress(
                    "reports", Types.STRING, "report too large: " + report.length + " bytes");
              }
              // end javadoc
            });
    driver.send(Address.of("shop", "reports", "a"), Types.LONG, Limits.MAX_MESSAGE_BYTES + 1L);

    assertThat(driver.egress("reports", Types.STRING))
        .containsExactly("report too large: 1048577 bytes");
    assertThat(driver.deadLetters()).isEmpty();
  }
}
