package io.eventide.sdk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.sdk.Address;
import io.eventide.sdk.Context;
import io.eventide.sdk.DelayedMessage;
import io.eventide.sdk.Message;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Cancelling {@code sendAfterCancellable} messages in {@code FunctionTestDriver}, manual time. */
class DelayedCancellationTest {
  static final TypeName TYPE = TypeName.of("t", "later");
  static final ValueSpec<String> PENDING = ValueSpec.named("pending").withType(Types.STRING);
  final Address a = Address.of("t", "later", "a");
  final FunctionTestDriver driver = FunctionTestDriver.create().register(TYPE, Later::new, PENDING);

  /**
   * {@code schedule:MS}: a note to itself in MS ms, its id kept in state and replied; {@code
   * cancel}: cancels the kept id; {@code cancel:ID}: cancels ID; {@code both:MS}: schedules and
   * cancels through the handle in one call; {@code note}: the note arriving, to the egress.
   */
  static final class Later implements StatefulFunction {
    @Override
    public void apply(Context context, Message message) {
      String command = message.as(Types.STRING);
      if (command.equals("note")) {
        context.egress("delivered", Types.LONG, context.currentProcessingTime());
      } else if (command.startsWith("schedule:")) {
        DelayedMessage note =
            context.sendAfterCancellable(
                Duration.ofMillis(Long.parseLong(command.substring(9))),
                context.self(),
                Types.STRING,
                "note");
        context.storage().set(PENDING, note.id());
        context.reply(Types.STRING, note.id());
        return;
      } else if (command.equals("cancel")) {
        context.storage().get(PENDING).ifPresent(context::cancelDelayed);
      } else if (command.startsWith("cancel:")) {
        context.cancelDelayed(command.substring(7));
      } else if (command.startsWith("both:")) {
        context
            .sendAfterCancellable(
                Duration.ofMillis(Long.parseLong(command.substring(5))),
                context.self(),
                Types.STRING,
                "note")
            .cancel();
      }
      context.reply(Types.STRING, "ok");
    }
  }

  String send(String command) {
    return driver.call(a, Types.STRING, command, Types.STRING);
  }

  @Test
  void aMessageCancelledByALaterCallBeforeItIsDueIsNeverDelivered() {
    send("schedule:1000");
    driver.advanceProcessingTime(Duration.ofMillis(500));
    send("cancel");

    driver.advanceProcessingTime(Duration.ofSeconds(10));
    assertThat(driver.egress("delivered", Types.LONG)).isEmpty();
    assertThat(driver.pendingMessages()).isZero();
  }

  @Test
  void cancellingAfterDeliveryDoesNothing() {
    send("schedule:1000");
    driver.advanceProcessingTime(Duration.ofMillis(1000));
    send("cancel");
    send("cancel");

    assertThat(driver.egress("delivered", Types.LONG)).containsExactly(1000L);
    assertThat(driver.deadLetters()).isEmpty();
  }

  @Test
  void onlyTheCancelledOneOfSeveralIsDropped() {
    String first = send("schedule:100");
    send("schedule:100"); // the same due time: the ids still differ
    send("schedule:300");
    send("cancel:" + first);

    driver.advanceProcessingTime(Duration.ofSeconds(1));
    assertThat(driver.egress("delivered", Types.LONG)).containsExactly(100L, 300L);
  }

  @Test
  void aMessageCancelledByTheCallThatSentItIsNeverSent() {
    send("both:100");

    assertThat(driver.pendingMessages()).isZero();
    driver.advanceProcessingTime(Duration.ofSeconds(1));
    assertThat(driver.egress("delivered", Types.LONG)).isEmpty();
  }

  @Test
  void cancellingAnUnknownIdDoesNothingAndAnIdThatIsNoneFailsTheCall() {
    String id = send("schedule:100");
    String unknown = id.replaceFirst("^d100\\.", "d101.");
    send("cancel:" + unknown);
    driver.send(a, Types.STRING, "cancel:not-an-id");

    driver.advanceProcessingTime(Duration.ofSeconds(1));
    assertThat(driver.egress("delivered", Types.LONG)).containsExactly(100L);
    assertThat(driver.deadLetters())
        .singleElement()
        .extracting(DeadLetter::error)
        .asString()
        .contains("'not-an-id' is not the id of a delayed message");
  }

  @Test
  void aMessageWithoutDelayIsCancelledOnlyByTheCallThatSentIt() {
    send("both:0");
    assertThat(driver.egress("delivered", Types.LONG)).isEmpty();

    String id = send("schedule:0"); // delivered with the commit
    send("cancel:" + id);
    assertThat(driver.egress("delivered", Types.LONG)).containsExactly(0L);
    assertThat(id).startsWith("d0.");
  }
}
