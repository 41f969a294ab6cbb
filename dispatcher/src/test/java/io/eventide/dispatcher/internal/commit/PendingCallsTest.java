package io.eventide.dispatcher.internal.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.eventide.dispatcher.api.CallReply;
import io.eventide.dispatcher.api.DispatcherException;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class PendingCallsTest {
  @Test
  void everyWaiterOfAMessageGetsItsReply() {
    PendingCalls calls = new PendingCalls(10);
    CompletableFuture<CallReply> first = calls.register("m1", Duration.ofSeconds(10));
    CompletableFuture<CallReply> second = calls.register("m1", Duration.ofSeconds(10));
    calls.complete("m1", new CallReply(new byte[] {1}, "application/octet-stream"));
    assertThat(first.join().payload()).containsExactly(1);
    assertThat(second.join().payload()).containsExactly(1);
    assertThat(calls.size()).isZero();
  }

  @Test
  void failingKeyGroupsFailsOnlyTheirWaitersAtOnce() {
    PendingCalls calls = new PendingCalls(10);
    CompletableFuture<CallReply> moved = calls.register("m5", 3, Duration.ofMinutes(5));
    CompletableFuture<CallReply> stays = calls.register("m6", 4, Duration.ofMinutes(5));
    CompletableFuture<CallReply> movedToo = calls.register("m7", 5, Duration.ofMinutes(5));

    BitSet groups = new BitSet();
    groups.set(3);
    groups.set(5);
    calls.failGroups(
        groups, new DispatcherException(DispatcherException.Code.UNAVAILABLE, "moved"));

    for (CompletableFuture<CallReply> failed : List.of(moved, movedToo)) {
      assertThatThrownBy(failed::join)
          .cause()
          .isInstanceOfSatisfying(
              DispatcherException.class,
              e -> assertThat(e.code()).isEqualTo(DispatcherException.Code.UNAVAILABLE));
    }
    assertThat(stays).isNotDone();
    calls.complete("m6", new CallReply(new byte[] {6}, "application/octet-stream"));
    assertThat(stays.join().payload()).containsExactly(6);
    await().atMost(Duration.ofSeconds(5)).until(() -> calls.size() == 0);
  }

  @Test
  void aWaiterTimesOutWithTimeoutAndLeaves() {
    PendingCalls calls = new PendingCalls(10);
    CompletableFuture<CallReply> reply = calls.register("m2", Duration.ofMillis(20));
    assertThatThrownBy(reply::join)
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(DispatcherException.class)
        .satisfies(
            e ->
                assertThat(((DispatcherException) e).code())
                    .isEqualTo(DispatcherException.Code.TIMEOUT));
    await().atMost(Duration.ofSeconds(5)).until(() -> calls.size() == 0);
  }

  @Test
  void aCancelledWaiterFreesItsPlaceAtOnce() {
    PendingCalls calls = new PendingCalls(1);
    calls.register("m3", Duration.ofMinutes(5)).cancel(false);
    assertThat(calls.size()).isZero();
    assertThat(calls.isAwaited("m3")).isFalse();
    assertThat(calls.register("m4", Duration.ofMinutes(5))).isNotDone();
  }

  @Test
  void waitersBeyondTheLimitAreRefusedAsOverloaded() {
    PendingCalls calls = new PendingCalls(1);
    calls.register("a", Duration.ofMinutes(5));
    assertThatThrownBy(() -> calls.register("b", Duration.ofMinutes(5)).join())
        .cause()
        .isInstanceOf(DispatcherException.class)
        .satisfies(
            e ->
                assertThat(((DispatcherException) e).code())
                    .isEqualTo(DispatcherException.Code.OVERLOADED));
  }
}
