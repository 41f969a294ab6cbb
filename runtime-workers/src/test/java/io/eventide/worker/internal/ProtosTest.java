package io.eventide.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.protocol.MessageEffects;
import io.eventide.sdk.Address;
import io.eventide.sdk.runtime.DelayedId;
import io.eventide.sdk.runtime.Effect;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the worker tells the dispatcher of timer deletes and delayed messages. */
class ProtosTest {
  final Address self = Address.of("t", "f", "a");

  @Test
  void aDelayedMessageCarriesTheDueTimeAndTokenItsIdNames() {
    DelayedId id = new DelayedId(self, 1_500, "00ff");
    MessageEffects effects =
        Protos.effects(
            List.of(
                new Effect.Send(self, "text/plain", new byte[] {1}, 7, 500, id),
                new Effect.Send(self, "text/plain", new byte[] {2}, 7, 0, id),
                new Effect.CancelDelayed(id)));

    assertThat(effects.getMessages(0).getDueAt()).isEqualTo(1_500);
    assertThat(effects.getMessages(0).getDelayedToken()).isEqualTo("00ff");
    // Sent now: nothing waits under the id, so nothing is named.
    assertThat(effects.getMessages(1).getDelayedToken()).isEmpty();
    assertThat(effects.getCancelled(0).getDueAt()).isEqualTo(1_500);
    assertThat(effects.getCancelled(0).getToken()).isEqualTo("00ff");
    assertThat(effects.getCancelled(0).getTarget().getId()).isEqualTo("a");
  }

  @Test
  void aFiringThatDeletesATimerTheMessageBeforeRegisteredDropsTheRegistration() {
    MessageEffects message =
        Protos.effects(
            List.of(
                new Effect.Timer(10),
                new Effect.Timer(20),
                new Effect.ProcessingTimer(30),
                new Effect.ProcessingTimer(40)));
    MessageEffects firing =
        Protos.effects(
            List.of(
                new Effect.DeleteTimer(20),
                new Effect.DeleteProcessingTimer(40),
                new Effect.Timer(50)));

    MessageEffects both = Protos.append(message, firing);

    // Deletes apply before registrations: 20 and 40 stay deleted, 50 is registered.
    assertThat(both.getTimersList()).containsExactly(10L, 50L);
    assertThat(both.getProcessingTimersList()).containsExactly(30L);
    assertThat(both.getDeletedTimersList()).containsExactly(20L);
    assertThat(both.getDeletedProcessingTimersList()).containsExactly(40L);
  }
}
