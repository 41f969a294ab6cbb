package io.eventide.dispatcher.internal.commit;

import static io.eventide.dispatcher.internal.commit.BatchCommitTest.text;
import static io.eventide.dispatcher.internal.commit.CommitFixture.item;
import static io.eventide.dispatcher.internal.commit.CommitPipelineTest.failure;
import static io.eventide.dispatcher.internal.commit.CommitPipelineTest.handled;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.eventide.dispatcher.api.EgressRecord;
import io.eventide.dispatcher.internal.inbox.Entries;
import io.eventide.dispatcher.internal.inbox.Pending;
import io.eventide.dispatcher.internal.inbox.StoreFixture;
import io.eventide.dispatcher.internal.routing.Addr;
import io.eventide.protocol.InvocationResult;
import io.eventide.protocol.MessageEffects;
import io.eventide.protocol.StateValue;
import io.eventide.store.Limits;
import io.eventide.store.keyspace.LargeValues;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the commit side does when a batch cannot commit as it is, on the real embedded store:
 * effects past the transaction limit are split, capped or dead-lettered, and a failing message is
 * retried up to {@code DispatcherConfig.maxAttempts} attempts, then dead-lettered.
 */
class CommitFailuresTest {
  private static final int A = 1;
  private static final int B = 5;

  /** Under the size at which a state value is staged ahead of the commit: it counts against it. */
  private static final int VALUE_BYTES = 1_000_000;

  /** An egress record as large as is stored in one value. */
  private static final int RECORD_BYTES = LargeValues.INLINE_BYTES;

  @RegisterExtension final StoreFixture db = new StoreFixture();
  private CommitFixture fx;
  private final String a = Entries.idIn(A, CommitFixture.GROUPS);
  private final String b = Entries.idIn(B, CommitFixture.GROUPS);

  @BeforeEach
  void wire() {
    fx = new CommitFixture(db);
  }

  @Test
  void aBatchPastTheTransactionLimitIsCommittedInHalves() {
    List<Pending> toA = fx.enqueue(Entries.message(a, "a1"));
    List<Pending> toB = fx.enqueue(Entries.message(b, "b1"));
    List<StateValue> sixMegabytes = values(6);
    assertThat(2L * 6 * VALUE_BYTES).as("together").isGreaterThan(Limits.MAX_TRANSACTION_BYTES);

    fx.commit(
        item(toA, handled(1, sixMegabytes.toArray(StateValue[]::new))),
        item(toB, handled(1, sixMegabytes.toArray(StateValue[]::new))));

    assertThat(fx.state(toA.get(0).address)).hasSize(6);
    assertThat(fx.state(toB.get(0).address)).hasSize(6);
    assertThat(db.inbox(A)).isEmpty();
    assertThat(db.inbox(B)).isEmpty();
    assertThat(fx.backlog.total()).isZero();
  }

  @Test
  void oneAddressWhoseMessagesTogetherArePastTheLimitRunsAgainWithHalfOfThem() {
    List<Pending> toA =
        fx.enqueue(Entries.message(a, "a1"), Entries.message(a, "a2"), Entries.message(a, "a3"));
    MessageEffects large = egress(40); // 3.6 MB each: three are past the limit, one is not
    Addr address = toA.get(0).address;

    fx.commit(
        item(
            toA,
            InvocationResult.newBuilder()
                .setHandled(3)
                .addEffects(large)
                .addEffects(large)
                .addEffects(large)
                .build()));

    assertThat(db.inboxIds(A)).containsExactly("a1", "a2", "a3");
    assertThat(fx.egress("totals")).isEmpty();
    assertThat(toA).allSatisfy(p -> assertThat(p.taken).isFalse());
    assertThat(fx.retries.cap(address)).isEqualTo(1);

    fx.commit(
        item(
            toA.subList(0, 1),
            InvocationResult.newBuilder().setHandled(1).addEffects(large).build()));

    assertThat(db.inboxIds(A)).containsExactly("a2", "a3");
    assertThat(fx.retries.cap(address))
        .as("a commit that fits lifts the cap")
        .isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void oneMessageWhoseEffectsArePastTheLimitIsDeadLetteredAtOnce() {
    List<Pending> toA = fx.enqueue(Entries.message(a, "a1"));

    fx.commit(
        item(toA, InvocationResult.newBuilder().setHandled(1).addEffects(egress(120)).build()));

    assertThat(db.inbox(A)).isEmpty();
    assertThat(fx.egress("totals")).isEmpty();
    JsonNode letter = deadLetter();
    assertThat(letter.get("messageId").asText()).isEqualTo("a1");
    assertThat(letter.at("/error/code").asText()).isEqualTo("TOO_LARGE");
    assertThat(fx.backlog.get(A)).isZero();
  }

  @Test
  void aFailingMessageIsRetriedUntilItsLastAttemptAndThenDeadLettered() {
    List<Pending> toA = fx.enqueue(Entries.message(a, "a1"));
    Addr address = toA.get(0).address;
    int maxAttempts = fx.config.maxAttempts();
    InvocationResult failed =
        InvocationResult.newBuilder().setHandled(0).setFailure(failure("HANDLER_ERROR")).build();

    for (int attempt = 1; attempt < maxAttempts; attempt++) {
      fx.commit(item(toA, failed));
      assertThat(fx.retries.attempts(address)).isEqualTo(attempt);
    }
    // One short of the limit: still in the inbox, and no dead letter.
    assertThat(db.inboxIds(A)).containsExactly("a1");
    assertThat(fx.egress(DeadLetters.EGRESS)).isEmpty();

    fx.commit(item(toA, failed));

    assertThat(db.inbox(A)).isEmpty();
    JsonNode letter = deadLetter();
    assertThat(letter.get("attempts").asInt()).isEqualTo(maxAttempts);
    assertThat(letter.at("/error/code").asText()).isEqualTo("HANDLER_ERROR");
    assertThat(letter.at("/error/message").asText())
        .isEqualTo("java.lang.IllegalStateException: boom");
    assertThat(fx.retries.attempts(address)).isZero();
    assertThat(fx.retries.blocked(address, Long.MAX_VALUE - 1)).isFalse();
  }

  @Test
  void aRejectedBatchPausesItsAddressWithoutSpendingAnAttempt() {
    List<Pending> toA = fx.enqueue(Entries.message(a, "a1"));
    Addr address = toA.get(0).address;
    long before = System.currentTimeMillis();

    fx.commit(
        item(
            toA,
            InvocationResult.newBuilder().setHandled(0).setFailure(failure("REJECTED")).build()));

    assertThat(fx.retries.attempts(address)).isZero();
    assertThat(fx.retries.blocked(address, before)).isTrue();
    long pause = fx.config.retryBackoff().toMillis();
    assertThat(fx.retries.blocked(address, System.currentTimeMillis() + pause)).isFalse();
    assertThat(db.inboxIds(A)).containsExactly("a1");
    assertThat(fx.paused(ProcessingMetrics.Paused.REJECTED)).isEqualTo(1.0);
  }

  @Test
  void aWorkerThatDoesNotKnowTheFunctionYetCostsNoAttemptWithinTheGrace() {
    List<Pending> toA = fx.enqueue(Entries.message(a, "a1"));
    Addr address = toA.get(0).address;
    InvocationResult unknown =
        InvocationResult.newBuilder().setHandled(0).setFailure(failure("UNKNOWN_FUNCTION")).build();

    // A worker that has not caught up with the deployment yet, answering as often as the dispatcher
    // retries: four such answers dead-lettered the message a second after its deploy.
    for (int answer = 0; answer < 3 * fx.config.maxAttempts(); answer++) {
      fx.commit(item(toA, unknown));
      assertThat(fx.retries.attempts(address)).isZero();
    }

    assertThat(db.inboxIds(A)).containsExactly("a1");
    assertThat(fx.egress(DeadLetters.EGRESS)).isEmpty();
    assertThat(fx.paused(ProcessingMetrics.Paused.UNKNOWN_FUNCTION))
        .isEqualTo(3.0 * fx.config.maxAttempts());
  }

  @Test
  void aFunctionStillUnknownAfterTheGraceIsRetriedThenDeadLettered() {
    CommitFixture graceOver = new CommitFixture(db, Duration.ZERO);
    List<Pending> toA = graceOver.enqueue(Entries.message(a, "a1"));
    InvocationResult unknown =
        InvocationResult.newBuilder().setHandled(0).setFailure(failure("UNKNOWN_FUNCTION")).build();

    for (int attempt = 1; attempt < graceOver.config.maxAttempts(); attempt++) {
      graceOver.commit(item(toA, unknown));
      assertThat(graceOver.retries.attempts(toA.get(0).address)).isEqualTo(attempt);
    }
    graceOver.commit(item(toA, unknown));

    assertThat(db.inbox(A)).isEmpty();
    JsonNode letter = deadLetter(graceOver);
    assertThat(letter.at("/error/code").asText()).isEqualTo("UNKNOWN_FUNCTION");
    assertThat(letter.get("attempts").asInt()).isEqualTo(graceOver.config.maxAttempts());
    assertThat(graceOver.paused(ProcessingMetrics.Paused.UNKNOWN_FUNCTION))
        .as("counted as attempts instead")
        .isZero();
  }

  /** {@code count} state values of {@link #VALUE_BYTES} each. */
  private static List<StateValue> values(int count) {
    List<StateValue> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      values.add(
          StateValue.newBuilder()
              .setName("v" + i)
              .setValue(ByteString.copyFrom(new byte[VALUE_BYTES]))
              .build());
    }
    return values;
  }

  /** One message's effects: {@code records} egress records of {@link #RECORD_BYTES}. */
  private static MessageEffects egress(int records) {
    MessageEffects.Builder effects = MessageEffects.newBuilder();
    String data = "x".repeat(RECORD_BYTES - 100);
    for (int i = 0; i < records; i++) {
      effects.addEgress(
          io.eventide.protocol.EgressRecord.newBuilder()
              .setEgress("totals")
              .setPayload(text(data)));
    }
    return effects.build();
  }

  /** The one record of the dead-letter egress. */
  private JsonNode deadLetter() {
    return deadLetter(fx);
  }

  private static JsonNode deadLetter(CommitFixture fixture) {
    List<EgressRecord> letters = fixture.egress(DeadLetters.EGRESS);
    assertThat(letters).hasSize(1);
    try {
      return new ObjectMapper().readTree(letters.get(0).payload());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
