package io.eventide.dispatcher.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.dispatcher.api.DispatcherException.Code;
import io.eventide.store.StoreException;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** What a failure tells the client about its request: refused, or an unknown outcome. */
class DispatcherExceptionTest {

  @Test
  void storeFailuresThatWroteNothingAreRefusalsAndOneThatMayHaveCommittedIsUnknown() {
    for (StoreException.Code code :
        List.of(
            StoreException.Code.CONFLICT,
            StoreException.Code.FENCED,
            StoreException.Code.TOO_OLD,
            StoreException.Code.UNAVAILABLE)) {
      DispatcherException e =
          DispatcherException.of(new CompletionException(new StoreException(code, "x")));
      assertThat(e.code()).as("%s", code).isEqualTo(Code.UNAVAILABLE);
      assertThat(e.refused()).as("%s", code).isTrue();
    }
    DispatcherException unknown =
        DispatcherException.of(new StoreException(StoreException.Code.COMMIT_UNKNOWN, "lost"));
    assertThat(unknown.code()).isEqualTo(Code.OUTCOME_UNKNOWN);
    assertThat(unknown.refused()).isFalse();
    assertThat(DispatcherException.of(new IllegalStateException("a bug")).code())
        .as("what no one foresaw may have happened after the commit")
        .isEqualTo(Code.OUTCOME_UNKNOWN);
  }

  @Test
  void aRefusalAfterSomeEventsOfABatchAreDurableIsNoRefusalOfTheBatch() {
    StoreException conflict = new StoreException(StoreException.Code.CONFLICT, "retries spent");

    assertThat(DispatcherException.afterAccepted(conflict, 0).code()).isEqualTo(Code.UNAVAILABLE);

    DispatcherException partial = DispatcherException.afterAccepted(conflict, 20_000);
    assertThat(partial.code()).isEqualTo(Code.OUTCOME_UNKNOWN);
    assertThat(partial.refused()).isFalse();
    assertThat(partial.getMessage()).startsWith("the first 20000 events are durable");

    DispatcherException mismatch =
        DispatcherException.ofEvents(Code.IDEMPOTENCY_KEY_MISMATCH, "reused", List.of(3), 1);
    assertThat(DispatcherException.afterAccepted(mismatch, 20_000))
        .as("a failure that names its events already says what took effect")
        .isSameAs(mismatch);
  }
}
